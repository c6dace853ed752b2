import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { jsonRequester, type TestServer } from './server.js';

/** The project folder (where `src/main.ts` lives). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A Twofold server running as its own process (`node --import tsx src/main.ts`, or a built `entry`). */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr. */
  output: string[];
  request: TestServer['request'];
  stop(): Promise<void>;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Spawns the server with `env` on `port` and waits until `/readyz` answers 200
 * (database migrated and reachable, Redis too when configured).
 */
export async function startServerProcess(
  port: number,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; nodeArgs?: string[]; entry?: string } = {},
): Promise<ServerProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), ...(options.entry ? [options.entry] : ['--import', 'tsx', 'src/main.ts'])],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  const deadline = performance.now() + readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server on port ${port} exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200)
        return { url, child, output, request: jsonRequester(url), stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`server on port ${port} was not ready in ${readyTimeoutMs} ms:\n${output.join('')}`);
}
