import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ROLE_EXTENSION } from '../openapi/openapi';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { roleAllows, Role } from './roles';
import { Principal, TokenRegistry } from './token-registry';

const REQUIRED_ROLE = 'requiredRole';

/**
 * The role a route needs; a route without it is public (health, documentation). The document reads it
 * too: the operation's security and its 401/403 come from here.
 */
export const Requires = (role: Role) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), ApiExtension(ROLE_EXTENSION, role));

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export class PermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionError';
  }
}

type AuthedRequest = FastifyRequest & { principal?: Principal };

/** The authenticated principal of the request (`anonymous` for an open read). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthedRequest>().principal ?? { name: 'anonymous', role: 'reader' },
);

export interface AuthSettings {
  readsRequireToken: boolean;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
    private readonly settings: AuthSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const needed = this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler());
    if (!needed) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (header === undefined) {
      if (needed === 'reader' && !this.settings.readsRequireToken) return true;
      if (this.tokens.isEmpty) {
        throw new AuthenticationError(
          'no API token is configured, so nothing can be recorded: start the service with API_TOKENS=name:role:token (see README)',
        );
      }
      throw new AuthenticationError('this route needs a token: send Authorization: Bearer <token>');
    }
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
    const principal = match ? this.tokens.identify(match[1]) : undefined;
    if (!principal) throw new AuthenticationError('the bearer token is malformed or unknown');
    if (!roleAllows(principal.role, needed)) {
      throw new PermissionError(`this route needs the ${needed} role; the token's role is ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }
}
