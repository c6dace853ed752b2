import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constantTimeEqual } from '../crypto/random.js';
import type { ServiceContext } from '../services/context.js';

/** True when `METRICS_TOKEN` is unset, or the request carries it as a bearer token (compared in constant time). */
export function metricsAuthorized(ctx: ServiceContext, headers: IncomingHttpHeaders): boolean {
  const expected = ctx.config.metricsToken;
  if (!expected) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match !== null && constantTimeEqual(match[1]!, expected);
}

/**
 * The `METRICS_PORT` listener: only `GET /metrics` (same token rule), so the
 * scraper's network need not reach the sign-in API, nor the public the metrics.
 */
export async function startMetricsServer(
  ctx: ServiceContext,
  options: { port: number; host: string },
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'not_found', message: 'Not found.' } }));
      return;
    }
    if (!metricsAuthorized(ctx, request.headers)) {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      response.end(JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in to continue.' } }));
      return;
    }
    ctx.metrics.registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': ctx.metrics.registry.contentType });
        response.end(text);
      },
      (error: unknown) => {
        ctx.log.error({ err: error }, 'metrics collection failed');
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong.' } }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { server, url: `http://${host}:${port}` };
}
