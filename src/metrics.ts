import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can build many apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'twofold_' });
  return {
    registry,
    signIns: new Counter({
      name: 'twofold_sign_ins_total',
      help: 'Password steps by outcome (authenticated, mfa_required, mfa_enrollment_required, failed, locked, throttled).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    secondFactor: new Counter({
      name: 'twofold_second_factor_verifications_total',
      help: 'Second-factor code checks by method and outcome (success, failure, refused, error: a server fault, not counted against the user).',
      labelNames: ['method', 'outcome'] as const,
      registers: [registry],
    }),
    lockouts: new Counter({
      name: 'twofold_lockouts_total',
      help: 'Accounts locked after consecutive second-factor failures.',
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'twofold_deliveries_total',
      help: 'Messages handed to a delivery channel, by channel and outcome.',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    sweptRows: new Counter({
      name: 'twofold_sweeper_deleted_rows_total',
      help: 'Rows the retention sweeper deleted, by table (ended sessions, expired pending sign-ins, codes and rate-limit windows, abandoned setups, audit events past retention).',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    oidcSignIns: new Counter({
      name: 'twofold_oidc_sign_ins_total',
      help: 'OpenID Connect sign-ins by application (client id) and outcome (authenticated, refused).',
      labelNames: ['client', 'outcome'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'twofold_http_request_duration_seconds',
      help: 'HTTP request duration by route and status class.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
