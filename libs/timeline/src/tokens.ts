/** Injection tokens of the timeline module. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
export const READ_MODELS = Symbol('READ_MODELS');

/** Time comes from here, never from `new Date()` in a handler, so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
