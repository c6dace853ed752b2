import autocannon from 'autocannon';

/** One request of a load run: its body and headers, built just before it is sent. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Exactly this many requests… */
  amount?: number;
  /** …or as many as fit in this many seconds. */
  durationSeconds?: number;
  /** Builds request number `i` (called once per request, right before sending). */
  next: (i: number) => LoadRequest;
  /** The status that counts as success (anything else is an error). */
  expectStatus: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** A few unexpected statuses, to say what went wrong. */
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Drives HTTP load with autocannon from this process and measures every
 * response itself (autocannon reports p97.5, not p95): latency in ms from
 * request written to response read, per request.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let built = 0;
  // Throughput is measured from the first request sent to the last response read:
  // autocannon itself ends a run on its one-second tick.
  let firstSentAt = Number.NaN;
  let lastResponseAt = Number.NaN;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 30,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          if (built === 0) firstSentAt = performance.now();
          const next = options.next(built++);
          request.method = next.method;
          request.path = next.path;
          request.headers = { ...(next.body ? { 'content-type': 'application/json' } : {}), ...next.headers };
          request.body = next.body ?? '';
          return request;
        },
      },
    ],
    setupClient: (client) => {
      client.on('response', (status, _bytes, ms) => {
        lastResponseAt = performance.now();
        latencies.push(ms);
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
    },
  });
  const seconds = (lastResponseAt - firstSentAt) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const ok = statuses[options.expectStatus] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: latencies.length - ok + result.errors + result.timeouts,
    statuses,
  };
}

/**
 * Closed-loop load for flows of several dependent requests (a challenge then its
 * answer, a code exchange then userinfo), which autocannon's one-request model
 * cannot drive: `connections` workers each run `flow(i)` for the next i until
 * `amount` are done. A flow returns the status of its last request (any earlier
 * failure it reports as that status); latency is the whole flow's, and
 * requestsPerSecond counts flows.
 */
export async function runFlows(options: {
  connections: number;
  amount: number;
  flow: (i: number) => Promise<number>;
  expectStatus: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(options.connections, options.amount) }, async () => {
      while (next < options.amount) {
        const i = next++;
        const t0 = performance.now();
        let status: number;
        try {
          status = await options.flow(i);
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: latencies.length - (statuses[options.expectStatus] ?? 0),
    statuses,
  };
}
