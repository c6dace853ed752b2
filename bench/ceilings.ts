import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { hashPassword, verifyPassword } from '../src/crypto/passwords.js';
import { type LoadResult, runLoad } from './load.js';
import { cpuSeconds } from './process-stats.js';

/**
 * argon2id verifications per second at the server's parameters (ARGON2_OPTIONS),
 * on every core: as many verifications in flight as there are cores, twice over,
 * for `seconds`.
 */
export async function measureArgon2Ceiling(seconds: number): Promise<{ perSecond: number; threads: number }> {
  const password = 'correct horse battery staple';
  const hash = await hashPassword(password);
  const threads = availableParallelism();
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: threads * 2 }, async () => {
      while (performance.now() < deadline) {
        if (!(await verifyPassword(hash, password))) throw new Error('argon2 ceiling: verification failed');
        done += 1;
      }
    }),
  );
  return { perSecond: done / ((performance.now() - started) / 1000), threads };
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bare-write server exited (${code})`)));
  });
}

/**
 * The bare-write ceiling: a node:http handler doing one INSERT per request, in
 * its own process, driven like the real server (same connections, same machine).
 */
export async function measureBareWriteCeiling(options: {
  target: string;
  port: number;
  connections: number;
  seconds: number;
  /** A fixed number of requests instead of `seconds` (smoke runs). */
  amount?: number;
}): Promise<LoadResult & { cpuMsPerRequest: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-write-server.ts', String(options.port), options.target],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await waitForLine(child, 'ready');
    const url = `http://127.0.0.1:${options.port}`;
    const body = '{"n":1}';
    // Warm up, then measure.
    await runLoad({
      url,
      connections: options.connections,
      ...(options.amount ? { amount: options.amount } : { durationSeconds: 1 }),
      expectStatus: 200,
      next: () => ({ method: 'POST', path: '/', body }),
    });
    const cpuBefore = cpuSeconds(child.pid!);
    const result = await runLoad({
      url,
      connections: options.connections,
      ...(options.amount ? { amount: options.amount } : { durationSeconds: options.seconds }),
      expectStatus: 200,
      next: () => ({ method: 'POST', path: '/', body }),
    });
    return { ...result, cpuMsPerRequest: ((cpuSeconds(child.pid!) - cpuBefore) * 1000) / result.requests };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Runs `op` with twice as many in flight as there are cores (node:crypto's async forms use the thread pool). */
async function perSecondOnAllCores(seconds: number, op: () => Promise<void>): Promise<number> {
  const inFlight = availableParallelism() * 2;
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        await op();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Signatures per second on all cores, as an OpenID provider makes them for ID tokens:
 * RS256 (RSA-2048, SHA-256) and ES256 (P-256). The ceiling of the authorization-code
 * exchange, which signs one ID token per request.
 */
export async function measureSignatureCeiling(
  alg: 'RS256' | 'ES256',
  seconds: number,
): Promise<{ perSecond: number; threads: number }> {
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = alg === 'RS256' ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' as const };
  const payload = Buffer.from('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZW5jaCIsImF1ZCI6ImJlbmNoIn0');
  const perSecond = await perSecondOnAllCores(seconds, () =>
    promisify(sign)('sha256', payload, key).then(() => undefined),
  );
  return { perSecond, threads: availableParallelism() };
}

/**
 * P-256 (ECDSA, SHA-256) signature verifications per second on all cores: the ceiling
 * of a WebAuthn assertion, which verifies one such signature.
 */
export async function measureP256VerifyCeiling(
  seconds: number,
): Promise<{ perSecond: number; threads: number }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = randomBytes(37 + 32); // authenticatorData + SHA-256(clientDataJSON)
  const signature = sign('sha256', data, privateKey);
  const perSecond = await perSecondOnAllCores(seconds, async () => {
    if (!(await promisify(verify)('sha256', data, publicKey, signature)))
      throw new Error('P-256 ceiling: verification failed');
  });
  return { perSecond, threads: availableParallelism() };
}
