/** A field of the input that broke a schema rule. `field` is a path such as `data.visitor.name`. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** The input is malformed or breaks a schema rule: nothing can be recorded from it (HTTP 400). */
export class InvalidInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'InvalidInputError';
  }
}

/** The input is well-formed but cannot be true of the record (docs/domain.md, HTTP 422). */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The stream moved on since it was read (HTTP 409, or 412 when the client sent If-Match). */
export class ConcurrencyError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${stream} is at revision ${actual}, not ${expected}`);
    this.name = 'ConcurrencyError';
  }
}

/** An eventId already names an event with other content (HTTP 409). */
export class EventIdConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`eventId ${eventId} is already recorded with other content`);
    this.name = 'EventIdConflictError';
  }
}
