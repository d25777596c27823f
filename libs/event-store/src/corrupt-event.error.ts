/** A stored event that cannot be decoded: the log was altered behind the service's back. */
export class CorruptEventError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly eventId: string,
    readonly position: string,
    cause: unknown,
  ) {
    super(
      `the stored event ${eventId} (${stream} revision ${revision}, position ${position}) cannot be decoded`,
      {
        cause,
      },
    );
    this.name = 'CorruptEventError';
  }
}
