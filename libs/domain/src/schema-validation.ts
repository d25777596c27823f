import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldError } from './errors';
import { actorPropertiesOf } from './schema-decorators';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  return prefix ? `${prefix}.${property}` : property;
}

function flatten(errors: ValidationError[], prefix: string, out: FieldError[]): FieldError[] {
  for (const error of errors) {
    const field = joinPath(prefix, error.property);
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([rule]) => rule === 'whitelistValidation')) {
      out.push({ field, rule: 'unknownField', message: 'is not a field of this schema' });
    } else if (error.value === undefined && constraints.length > 0) {
      // One clear message for a missing field rather than every rule it would have had to meet.
      out.push({ field, rule: 'required', message: 'is required' });
    } else if (error.value === null && constraints.length > 0) {
      // Likewise for null: no field takes it, and leaving an optional field out is how to say "no value".
      out.push({ field, rule: 'notNull', message: 'must not be null: leave an optional field out instead' });
    } else {
      for (const [rule, message] of constraints) {
        const text = message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message;
        out.push({ field, rule, message: text });
      }
    }
    flatten(error.children ?? [], field, out);
  }
  return out;
}

/** Deeper than any event of the catalogue: the schema libraries recurse, so deeper input is refused first. */
export const MAX_DEPTH = 16;

/** The nesting depth of a JSON value, measured without recursion (the input may be deeper than the stack). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export interface Validated<T> {
  instance: T;
  value: Record<string, unknown>;
  errors: FieldError[];
}

/**
 * Validates plain JSON against a schema class: unknown fields are errors, every broken rule is named
 * by its path. `value` is the normalised plain form (actor codes upper-cased, defaults filled in).
 */
export function validateSchema<T extends object>(
  schema: ClassConstructor<T>,
  plain: unknown,
  prefix = '',
): Validated<T> {
  if (!isPlainObject(plain)) {
    return {
      instance: undefined as unknown as T,
      value: {},
      errors: [{ field: prefix || '(body)', rule: 'isObject', message: 'must be a JSON object' }],
    };
  }
  if (depthExceeds(plain, MAX_DEPTH)) {
    return {
      instance: undefined as unknown as T,
      value: {},
      errors: [
        { field: prefix || '(body)', rule: 'maxDepth', message: `nests deeper than ${MAX_DEPTH} levels` },
      ],
    };
  }
  const instance = plainToInstance(schema, plain, { exposeDefaultValues: true });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    // Not `true`: it refuses every instance of a schema without fields (DiplomaticRelationsRestored,
    // even with `data: {}`); whitelist + forbidNonWhitelisted already refuse unknown fields there.
    forbidUnknownValues: false,
    validationError: { target: false, value: true },
  });
  // The plain form of the instance through JSON rather than class-transformer's instanceToPlain: the same
  // result here (JSON in, no getters, unset fields left out, the actor transform already applied on the
  // way in), at a fraction of the cost — validation is most of an import's work (docs/benchmarks.md).
  const value = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  return { instance, value, errors: flatten(errors, prefix, []) };
}

export interface ActorReference {
  field: string;
  code: string;
}

/** Every actor named inside a validated schema instance, with its path. */
export function actorReferences(instance: unknown, prefix = ''): ActorReference[] {
  const refs: ActorReference[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path}[${i}]`));
      return;
    }
    if (!isPlainObject(node) && !(typeof node === 'object' && node !== null)) return;
    const actorProps = actorPropertiesOf(Object.getPrototypeOf(node) as object);
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (actorProps.has(key) && typeof child === 'string') refs.push({ field: childPath, code: child });
      else if (typeof child === 'object' && child !== null) visit(child, childPath);
    }
  };
  visit(instance, prefix);
  return refs;
}
