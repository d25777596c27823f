import { IsBoolean, IsInt, Matches, Min } from 'class-validator';
import { InvalidInputError, Nested, Optional, validateSchema } from '@app/domain';
import type { LogDigest } from '@app/event-store';
import { QUERY_PATTERNS } from '../queries/query-params';

/** A digest as GET /v1/audit/digest gave it, filed by an auditor and sent back to verify against. */
export class DigestInput implements LogDigest {
  // The form positions are given in (no leading zero): the digest is echoed back as `expected`.
  @Matches(new RegExp(QUERY_PATTERNS.position), { message: 'must be a log position (a whole number)' })
  position!: string;
  @IsInt() @Min(0) streams!: number;
  @IsInt() @Min(0) events!: number;
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be a sha256 hex digest' }) headsHash!: string;
}

export class VerifyBody {
  @Optional() @Nested(() => DigestInput) digest?: DigestInput;
}

export class ReplayBody {
  @Optional() @IsBoolean() swap?: boolean;
}

function parse<T extends object>(schema: new () => T, plain: unknown): T {
  const checked = validateSchema(schema, plain ?? {});
  if (checked.errors.length > 0) throw new InvalidInputError(checked.errors);
  return checked.value as T;
}

export const parseVerifyBody = (plain: unknown): VerifyBody => parse(VerifyBody, plain);
export const parseReplayBody = (plain: unknown): ReplayBody => parse(ReplayBody, plain);
