// UUIDv7 ids for appended rows (sessions, pending sign-ins): RFC 9562 layout, and ids
// made later sort after ids made earlier, so inserts append to the primary-key B-tree.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/crypto/random.js';

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version 7, variant 10, the milliseconds in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 30, 1, 2, 3, 456);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time, and ids of the same millisecond differ', () => {
    const earlier = uuidv7(1_000_000);
    const later = uuidv7(1_000_001);
    expect(earlier < later).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(5))).size).toBe(1000);
  });
});
