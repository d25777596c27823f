import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  CorrectionChangesJson,
  NotFoundError,
  parseCorrectionInput,
  parseRetractionInput,
  SourceRef,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { StreamWriter, WriteResult } from './stream-writer';

/** Correct (`kind: 'correct'`) or retract an event recorded earlier, as the client sent it. */
export class AmendEventCommand extends Command<WriteResult> {
  constructor(
    readonly kind: 'correct' | 'retract',
    readonly targetEventId: string,
    readonly body: unknown,
    readonly recordedBy: string,
    readonly ifMatch?: bigint,
  ) {
    super();
  }
}

@CommandHandler(AmendEventCommand)
export class AmendEventHandler implements ICommandHandler<AmendEventCommand> {
  constructor(
    private readonly writer: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ kind, targetEventId, body, recordedBy, ifMatch }: AmendEventCommand): Promise<WriteResult> {
    const input = kind === 'correct' ? parseCorrectionInput(body) : parseRetractionInput(body);
    const target = await this.store.findEvent(targetEventId.toLowerCase());
    if (!target) throw new NotFoundError(`no event ${targetEventId} is recorded`);
    const common = {
      eventId: input.eventId?.toLowerCase() ?? randomUUID(),
      targetEventId: target.eventId,
      reason: input.reason,
      sources: input.sources as SourceRef[] | undefined,
    };
    const command =
      kind === 'correct' && 'changes' in input
        ? { ...common, kind, changes: input.changes as CorrectionChangesJson }
        : { ...common, kind: 'retract' as const };
    return this.writer.write(target.stream, command, recordedBy, ifMatch);
  }
}
