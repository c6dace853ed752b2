// Loaded into the bench's server with `node --import` when `npm run bench -- --memory-trace <file>`:
// every 100 ms it appends to TWOFOLD_BENCH_MEMORY_TRACE one JSON line of process.memoryUsage()
// (rss, V8 heap, external, ArrayBuffers), the committed size of V8's young and old generations and
// the kernel's split of the resident set (anonymous vs file-backed pages). With
// TWOFOLD_BENCH_HEAP_SNAPSHOT=<file> (`--server-env`) it writes a V8 heap snapshot there (live
// objects only: a full collection runs first) when the server is told to stop, to compare with one
// taken earlier (`--node-arg=--heapsnapshot-signal=SIGUSR2`, then `kill -USR2 <pid>`); without it, a
// last line gives the heap still alive after a full collection at that moment.
// Plain JavaScript: the production build runs without tsx.
import { appendFileSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

const file = process.env.TWOFOLD_BENCH_MEMORY_TRACE;
const kb = (status, field) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
if (file) {
  const sample = () => {
    const m = process.memoryUsage();
    const status = readFileSync('/proc/self/status', 'utf8');
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
    );
    appendFileSync(
      file,
      `${JSON.stringify({
        pid: process.pid,
        t: Date.now(),
        rss: m.rss,
        heapTotal: m.heapTotal,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        rssAnon: kb(status, 'RssAnon'),
        rssFile: kb(status, 'RssFile'),
        newSpace: spaces.new_space + (spaces.new_large_object_space ?? 0),
        oldSpace: spaces.old_space + (spaces.large_object_space ?? 0),
        threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]),
      })}\n`,
    );
  };
  setInterval(sample, 100).unref();
}

const snapshot = process.env.TWOFOLD_BENCH_HEAP_SNAPSHOT;
if (snapshot) process.once('SIGTERM', () => writeHeapSnapshot(snapshot));
else if (file) {
  // When told to stop: one full collection, then what is still alive (a cache that grows with the
  // requests served would show here, run after run).
  process.once('SIGTERM', () => {
    setFlagsFromString('--expose-gc');
    runInNewContext('gc')();
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, t: Date.now(), liveAfterGc: process.memoryUsage().heapUsed })}\n`,
    );
  });
}
