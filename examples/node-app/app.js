// A relying party that signs its users in through Twofold (openid-client 6, node:http, no framework).
import { createServer } from 'node:http';
import * as oidc from 'openid-client';

const { ISSUER, CLIENT_ID, CLIENT_SECRET, APP_URL = 'http://localhost:4000', PORT = '4000' } = process.env;
const local = ISSUER.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined; // plain http: local tries only
const config = await oidc.discovery(new URL(ISSUER), CLIENT_ID, CLIENT_SECRET, undefined, local);
const pending = new Map(); // state → PKCE verifier (one process; keep it in your session store in production)
const esc = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (body) => `<!doctype html><meta charset="utf-8"><title>Example app</title>${body}`;

createServer(async (req, res) => {
  const url = new URL(req.url, APP_URL);
  try {
    if (url.pathname === '/login') {
      const [verifier, state] = [oidc.randomPKCECodeVerifier(), oidc.randomState()];
      pending.set(state, verifier);
      const code_challenge = await oidc.calculatePKCECodeChallenge(verifier); // PKCE: Twofold requires it
      // acr_values=mfa: Twofold asks for a second factor whatever its policy says (?acr=pwd to not insist).
      const acr_values = url.searchParams.get('acr') ?? 'mfa';
      const params = {
        redirect_uri: `${APP_URL}/callback`,
        scope: 'openid email',
        state,
        code_challenge,
        code_challenge_method: 'S256',
        acr_values,
      };
      res
        .writeHead(302, {
          location: oidc.buildAuthorizationUrl(config, params).href,
          'set-cookie': `state=${state}; Path=/; HttpOnly; SameSite=Lax`,
        })
        .end();
    } else if (url.pathname === '/callback') {
      const state = /(?:^|;\s*)state=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.get(state),
        expectedState: state,
      });
      pending.delete(state);
      const { email, acr, amr } = tokens.claims();
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          html(
            `<h1>Signed in</h1><dl><dt>Email</dt><dd id="email">${esc(email)}</dd><dt>acr</dt><dd id="acr">${esc(acr)}</dd><dt>amr</dt><dd id="amr">${esc(amr.join(' '))}</dd></dl>`,
          ),
        );
    } else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(html('<h1>Example app</h1><a href="/login">Sign in with Twofold</a>'));
  } catch (error) {
    res
      .writeHead(400, { 'content-type': 'text/html' })
      .end(html(`<h1>Sign-in failed</h1><p>${esc(error.message)}</p>`));
  }
}).listen(Number(PORT), () => console.log(`example app on ${APP_URL}`));
