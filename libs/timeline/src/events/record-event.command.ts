import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { parseFactInput, streamOf } from '@app/domain';
import { StreamWriter, WriteResult } from './stream-writer';

/** Record one fact, as a client sent it (validated here, with the catalogue's schema). */
export class RecordEventCommand extends Command<WriteResult> {
  constructor(
    readonly body: unknown,
    readonly recordedBy: string,
    readonly ifMatch?: bigint,
  ) {
    super();
  }
}

@CommandHandler(RecordEventCommand)
export class RecordEventHandler implements ICommandHandler<RecordEventCommand> {
  constructor(private readonly writer: StreamWriter) {}

  execute({ body, recordedBy, ifMatch }: RecordEventCommand): Promise<WriteResult> {
    const fact = parseFactInput(body);
    const [a, b] = fact.payload.actors;
    return this.writer.write(
      streamOf(a, b),
      {
        kind: 'record',
        eventId: fact.eventId ?? randomUUID(),
        type: fact.type,
        payload: fact.payload,
        dataActors: fact.dataActors,
      },
      recordedBy,
      ifMatch,
    );
  }
}
