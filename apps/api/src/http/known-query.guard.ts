import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FieldError, InvalidInputError } from '@app/domain';
import { acceptedQueryNames, repeatableQueryNames } from '../openapi/query-parameters';

/**
 * Refuses a query naming a parameter its operation does not take (`?date=` would otherwise silently
 * answer for today) or naming one twice (`?types=A&types=B` arrives as an array no parser expects):
 * a 400 naming each, before the operation runs. A guard (after the auth guard), not an interceptor: an
 * interceptor puts every request of every route through an RxJS pipeline, which cost more than the
 * check itself (docs/benchmarks.md, "The HTTP shell"). A list parameter (`@AcceptsQuery` with
 * `repeatable`, e.g. the search's `actor`) may be repeated: its parser takes the array.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown>;
    const names = Object.keys(query ?? {});
    if (names.length === 0) return true;
    const accepted = acceptedQueryNames(context.getHandler());
    const errors: FieldError[] = [];
    for (const name of names) {
      if (!accepted.includes(name)) {
        const known = accepted.length > 0 ? `: it takes ${accepted.join(', ')}` : ': it takes none';
        errors.push({
          field: name,
          rule: 'knownParameter',
          message: `is not a parameter of this operation${known}`,
        });
      } else if (Array.isArray(query[name]) && !repeatableQueryNames(context.getHandler()).includes(name)) {
        errors.push({ field: name, rule: 'notRepeated', message: 'is given more than once' });
      }
    }
    if (errors.length > 0) throw new InvalidInputError(errors);
    return true;
  }
}
