import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// jsqr is CommonJS with `exports.default`; under NodeNext the default import is the module object.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;

import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('TOTP setup QR code', () => {
  it('is a PNG that decodes to exactly the otpauth URI (what an authenticator app scans)', async () => {
    const email = `${uniqueEmail('qr')}`;
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email, password: 'long enough pw' },
    });
    const setup = await server.request('POST', '/api/mfa/totp/setup', {
      token: signup.body.session.token,
      body: {},
    });
    const png = PNG.sync.read(
      Buffer.from(setup.body.qrCodeDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(setup.body.otpauthUri);
    const uri = new URL(decoded!.data);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(setup.body.secret);
    expect(uri.searchParams.get('issuer')).toBe('Twofold');
  });
});
