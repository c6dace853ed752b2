/**
 * One human line for an audit event's details, for the audit table and exports:
 * `{changes: {"enforcement.scope": {from: "none", to: "all"}}}` reads
 * "enforcement.scope: none → all"; `{methods: ["password", "totp"]}` reads
 * "methods: password, totp". Internal ids are left out of the line (the full
 * details stay in the event). Pure: no I/O.
 */
export function summarizeAuditDetails(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined || value === '') continue;
    if (key === 'changes' && isRecord(value)) {
      for (const [path, change] of Object.entries(value)) {
        if (isRecord(change) && ('from' in change || 'to' in change)) {
          parts.push(`${path}: ${short(change.from)} → ${short(change.to)}`);
        } else {
          parts.push(`${path}: ${short(change)}`);
        }
      }
      continue;
    }
    if (isRecord(value) && 'from' in value && 'to' in value) {
      parts.push(`${key}: ${short(value.from)} → ${short(value.to)}`);
      continue;
    }
    if (HIDDEN_KEYS.has(key)) continue;
    parts.push(`${key}: ${short(value)}`);
  }
  const line = parts.join('; ');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

const MAX_SUMMARY = 240;
/** Opaque ids that say nothing to a reader of the one-line summary. */
const HIDDEN_KEYS = new Set(['factorId', 'deviceId', 'apiKeyId', 'sessionId']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function short(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map((v) => short(v)).join(', ') : '(none)';
  if (isRecord(value)) return JSON.stringify(value);
  return String(value);
}
