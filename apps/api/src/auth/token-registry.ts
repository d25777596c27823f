import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiToken } from '@app/config';
import type { Role } from './roles';

export interface Principal {
  name: string;
  role: Role;
}

function digest(token: string): Buffer {
  // One-shot hash (UTF-8 input): no Hash object per request.
  return hash('sha256', token, 'buffer');
}

/**
 * Tokens are kept only as SHA-256 digests; a presented token is hashed and compared with every
 * known digest in constant time, so neither its content nor its position leaks through timing.
 */
export class TokenRegistry {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(tokens: ApiToken[]) {
    this.entries = tokens.map((t) => ({
      digest: digest(t.token),
      principal: { name: t.name, role: t.role },
    }));
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  identify(token: string): Principal | undefined {
    const presented = digest(token);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.principal;
    }
    return found;
  }
}
