import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from '../services/context.js';

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, 300) : null,
    acceptLanguage: acceptLanguageOf(request),
  };
}

/** The request's Accept-Language header, or null (what messages to a user with no saved language speak). */
export function acceptLanguageOf(request: FastifyRequest): string | null {
  const value = request.headers['accept-language'];
  return typeof value === 'string' ? value : null;
}
