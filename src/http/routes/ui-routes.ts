import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { sendError } from '../plugins/errors.js';

/** Finds `web/dist` whether running from `src/` (tsx) or `dist/src/` (built). */
export function findWebRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = resolve(dir, '..');
  }
  return null;
}

/**
 * Paths the UI never answers: the API (unknown API routes answer JSON 404) and the
 * OpenID Connect provider's own endpoints.
 */
const NOT_UI = /^\/(api|oidc)(\/|$)/;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the web UI at `/` as the server's not-found handler: a GET or HEAD outside
 * `/api` and `/oidc` answers the built file at that path, else `index.html` (the UI
 * routes on the client). Everything else that matched no route answers
 * `404 not_found` in the contract's error shape.
 *
 * The UI is the fallback rather than a `/*` route so that the router's own refusals
 * (an over-long path parameter → 414) still happen for API paths. Static files and
 * the UI are public: the pages ask the API who is signed in.
 */
export async function registerUiRoutes(app: FastifyInstance, webRoot: string | null): Promise<void> {
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, serve: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (!webRoot || NOT_UI.test(path) || (request.method !== 'GET' && request.method !== 'HEAD'))
      return sendError(new AppError('not_found'), request, reply);
    let relative: string;
    try {
      relative = decodeURIComponent(path).slice(1);
    } catch {
      relative = '';
    }
    const file = resolve(webRoot, relative);
    if (relative && file.startsWith(`${webRoot}/`) && isFile(file)) return reply.sendFile(relative);
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
