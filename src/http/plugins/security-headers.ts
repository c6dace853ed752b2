import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/config.js';

/**
 * The Content-Security-Policy of every answer. The UI's build has no inline script or
 * style (Vite emits `<script type="module" src>` and `<link rel="stylesheet">`; style
 * changes from code go through the CSSOM, which CSP allows). Images allow `data:` for the
 * TOTP QR code (`qrCodeDataUrl`) and the stylesheet's inline SVG icons.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/**
 * Browser features no page of ours uses are switched off; WebAuthn and the clipboard
 * (copying backup codes) stay available to our own origin.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
  'interest-cohort=()',
  'browsing-topics=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
].join(', ');

/** True when the server is reached over https (PUBLIC_URL says so). */
export function isHttps(config: Pick<AppConfig, 'publicUrl'>): boolean {
  return config.publicUrl?.startsWith('https:') ?? false;
}

/**
 * Security headers of every answer through `@fastify/helmet`: CSP, HSTS (only when
 * PUBLIC_URL is https — on plain http it would be ignored, and on a loopback dev server
 * it would pin https onto `localhost` for a year), Cross-Origin-Opener/Resource-Policy,
 * no framing, no referrer, nosniff; plus `Permissions-Policy`, which helmet does not set.
 * Register before the authentication gate so that refusals carry them too.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  config: Readonly<AppConfig>,
): Promise<void> {
  const https = isHttps(config);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CONTENT_SECURITY_POLICY,
        // Only where the page itself is https: on http it would break every subresource.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // Nothing of ours embeds cross-origin resources; require-corp would only add breakage.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    xDnsPrefetchControl: { allow: false },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('Permissions-Policy', PERMISSIONS_POLICY);
  });
}
