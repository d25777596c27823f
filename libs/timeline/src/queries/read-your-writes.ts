import { Inject, Injectable } from '@nestjs/common';
import { Projector } from '../projections/projector';
import { parsePosition } from './query-params';

export const MIN_POSITION_WAIT_MS = Symbol('MIN_POSITION_WAIT_MS');

/** The read models have not reached a position a client asked for, within the bounded wait (HTTP 503). */
export class ProjectionLagError extends Error {
  constructor(
    readonly position: string,
    readonly checkpoint: string | undefined,
  ) {
    super(`the read models are at position ${checkpoint ?? 'none'}, not yet at ${position}; retry shortly`);
    this.name = 'ProjectionLagError';
  }
}

/** Read-your-writes (docs/architecture.md): a read with `minPosition` waits, bounded, until the projections have passed it. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly projector: Projector,
    @Inject(MIN_POSITION_WAIT_MS) private readonly waitMs: number,
  ) {}

  async ensure(minPosition: string | undefined): Promise<void> {
    const position = parsePosition('minPosition', minPosition);
    if (position === undefined) return;
    if (!(await this.projector.waitFor(position, this.waitMs))) {
      throw new ProjectionLagError(position, this.projector.checkpoint());
    }
  }
}
