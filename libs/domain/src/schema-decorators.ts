import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isKnownActor, normalizeActorCode } from './actors';
import { parsePartialDate } from './partial-date';

/** Which properties of which schema classes name an actor: walked to check they belong to the pair. */
const actorProperties = new WeakMap<object, Set<string>>();

export function actorPropertiesOf(prototype: object): ReadonlySet<string> {
  return actorProperties.get(prototype) ?? new Set();
}

/**
 * A country code (docs/domain.md#actors-and-relationships): case-insensitive on input, stored upper-case,
 * known to the code lists.
 */
export function IsActor(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    const names = actorProperties.get(target) ?? new Set<string>();
    names.add(String(property));
    actorProperties.set(target, names);
    Transform(({ value }) => {
      if (typeof value === 'string') return normalizeActorCode(value);
      if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? normalizeActorCode(v) : v));
      return value;
    })(target, property);
    ValidateBy(
      {
        name: 'isActor',
        validator: {
          validate: (value) => typeof value === 'string' && isKnownActor(value),
          defaultMessage: (args) => {
            const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
            const unknown = values.filter((v) => typeof v === 'string' && !isKnownActor(v));
            return unknown.length > 0
              ? `unknown country code ${unknown.map((v) => `"${String(v)}"`).join(', ')} (ISO 3166-1 alpha-2, or ISO 3166-3 for former states)`
              : 'must be a country code (ISO 3166-1 alpha-2, or ISO 3166-3 for former states)';
          },
        },
      },
      options,
    )(target, property);
  };
}

/**
 * An EDTF level-0 date or interval (docs/domain.md#dates-valid-time-with-its-precision): `1992`, `2024-07`,
 * `2024-07-03`, `2025-04-22/2025-04-24`.
 */
export function IsPartialDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPartialDate',
      validator: {
        validate: (value) => parsePartialDate(value) !== undefined,
        defaultMessage: () =>
          'must be an EDTF level-0 date: YYYY, YYYY-MM, YYYY-MM-DD, or an interval of two such dates joined by "/"',
      },
    },
    options,
  );
}

/**
 * An optional field: absent is its only "no value". Unlike class-validator's which skips every
 * rule for null too, a null here meets the field's rules and is refused (the log would otherwise keep
 * values the schema forbids, and a retry without the field would differ from the stored event).
 * Being conditional, it also marks the field not required in the JSON Schema (class-validator-jsonschema).
 */
export function Optional(): PropertyDecorator {
  return (target, property) =>
    ValidateIf((object: Record<string | symbol, unknown>) => object[property] !== undefined)(
      target,
      property,
    );
}
