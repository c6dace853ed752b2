// A shop that keeps its own users and passwords and asks Twofold only for the second factor.
// No SDK: plain fetch to the verify API. Run: TWOFOLD_URL=… TWOFOLD_API_KEY=tfk_… node app.mjs
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { TWOFOLD_URL, TWOFOLD_API_KEY, PORT = '8080' } = process.env;
const salt = randomBytes(16);
const hash = (password) => scryptSync(String(password ?? ''), salt, 32);
const users = new Map([['alice', hash('alice password 1')]]); // the shop's own user table
const passwordOk = (name, pw) => timingSafeEqual(users.get(name) ?? hash(''), hash(pw)) && users.has(name);
const user = (name) => `/users/${encodeURIComponent(name)}`;

async function twofold(method, path, body) {
  const headers = { authorization: `Bearer ${TWOFOLD_API_KEY}`, 'content-type': 'application/json' };
  const res = await fetch(`${TWOFOLD_URL}/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const routes = {
  // Enrollment (after the shop's own password check): QR code and secret, then the first code.
  'POST /enroll': ({ username }) => twofold('POST', `${user(username)}/enroll/totp`, {}),
  'POST /enroll/confirm': ({ username, factorId, code }) =>
    twofold('POST', `${user(username)}/enroll/totp/confirm`, { factorId, code }),
  // Sign-in: the password here, then the second factor there when the user has one.
  'POST /login': async ({ username, method = 'totp', code }) => {
    const status = await twofold('GET', user(username));
    if (status.status === 404 || !status.body.mfaEnabled) return { status: 200, body: { signedIn: true } };
    if (!code) return { status: 401, body: { secondFactor: 'required', methods: status.body.methods } };
    const check = await twofold('POST', '/verify', { externalId: username, method, code });
    if (check.body.result === 'accept') return { status: 200, body: { signedIn: true } };
    return { status: check.status === 423 ? 423 : 401, body: check.body };
  },
};

const server = createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const input = JSON.parse(raw || '{}');
  const route = routes[`${req.method} ${req.url}`];
  let out = { status: 401, body: { error: 'wrong username or password' } };
  if (!route) out = { status: 404, body: {} };
  else if (passwordOk(input.username, input.password)) out = await route(input);
  res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`shop listening on ${server.address().port}`));
