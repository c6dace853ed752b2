import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';

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
 * Serves the web UI at `/` with an SPA fallback: any GET outside `/api` that is
 * not a file answers `index.html`. API paths that do not exist answer JSON 404.
 */
export async function registerUiRoutes(app: FastifyInstance, webRoot: string | null): Promise<void> {
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    // Static assets and the UI are public; the pages themselves ask the API who is signed in.
    app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (path.startsWith('/api/') || path === '/oidc' || path.startsWith('/oidc/'))
        throw new AppError('not_found');
      const file = join(webRoot, path);
      if (file.startsWith(webRoot) && path !== '/' && existsSync(file) && !file.endsWith('/'))
        return reply.sendFile(path.slice(1));
      reply.header('Cache-Control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
  });
}
