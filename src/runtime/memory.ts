import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8 lets the old generation grow past what the last full collection left
 * alive, in per cent. Left to itself, V8 picks a factor of up to 4× (more the faster
 * the process allocates), so under load a live heap of ~50 MB stood at 100–155 MB of
 * old generation, mostly garbage waiting for its collection, and peak RSS went past
 * 250 MB (docs/benchmarks.md, "Round 4: memory"). 1.5× keeps it near 75 MB with no
 * measurable cost in throughput or CPU per request: V8 marks concurrently, and the
 * live set is small.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The V8 flag {@link applyMemoryDefaults} sets, or null when the operator chose the
 * heap's growth on the command line already (`node --heap-growing-percent=…`: theirs wins).
 */
export function heapGrowingFlag(execArgv: readonly string[]): string | null {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) return null;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/**
 * Bounds the V8 heap's growth for the server process. V8 reads this flag each time it
 * sets the next collection's limit, so setting it at start applies to the whole run
 * (unlike the young generation's size, fixed when the heap is created: that one only
 * `node --max-semi-space-size` or NODE_OPTIONS can change).
 */
export function applyMemoryDefaults(execArgv: readonly string[] = process.execArgv): void {
  const flag = heapGrowingFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}

/**
 * One full collection, once the server is up. V8 applies the growth above only from
 * its first full collection on; before it, the old generation may fill up to an initial
 * limit derived from the machine's memory, and under load that first collection came
 * only after 100–140 MB (docs/benchmarks.md, "Round 4: memory"). Collecting once at
 * start (a few tens of milliseconds, before any request) sets the limit from the heap
 * the server really keeps. Nothing else can reach `gc`: it is fetched from a fresh
 * context and the flag is turned off again.
 */
export function collectOnceAtStart(execArgv: readonly string[] = process.execArgv): void {
  if (!heapGrowingFlag(execArgv)) return; // the operator tunes the heap: leave it alone
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
