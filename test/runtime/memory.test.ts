import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowingFlag } from '../../src/runtime/memory.js';
import { PROJECT_ROOT } from '../helpers/instances.js';

describe('the V8 heap growth the server sets for itself', () => {
  it('bounds the old generation at 1.5× what the last full collection kept', () => {
    expect(HEAP_GROWING_PERCENT).toBe(50);
    expect(heapGrowingFlag([])).toBe('--heap-growing-percent=50');
    expect(heapGrowingFlag(['--enable-source-maps', '--import', 'tsx'])).toBe('--heap-growing-percent=50');
  });

  it("leaves the operator's own choice on the command line alone", () => {
    expect(heapGrowingFlag(['--heap-growing-percent=80'])).toBeNull();
    expect(heapGrowingFlag(['--heap_growing_percent=20'])).toBeNull();
    expect(heapGrowingFlag(['--heap-growing-percent'])).toBeNull();
  });

  it('collects once at start without leaving gc reachable to anything else', () => {
    const script = [
      "const { collectOnceAtStart } = await import('./src/runtime/memory.ts');",
      "const { runInNewContext } = await import('node:vm');",
      'collectOnceAtStart([]);',
      "process.stdout.write([typeof globalThis.gc, runInNewContext('typeof gc')].join(' '));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
    });
    expect(out.toString()).toBe('undefined undefined');
  });

  it('is a flag this Node accepts', () => {
    // node exits non-zero on a V8 flag it does not know; the server sets it at run time.
    const out = execFileSync(process.execPath, [heapGrowingFlag([])!, '-e', 'process.stdout.write("ok")']);
    expect(out.toString()).toBe('ok');
  });
});
