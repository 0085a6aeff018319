import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { logger } from "@/lib/log";

/**
 * A few worker threads running one CommonJS source (evaluated, so that it works from
 * Next's bundle too) that answers each message with `handle(input)`. Used for CPU
 * work that would otherwise hold the server's event loop: checking Nostr signatures,
 * signing labels. `run` resolves to null when the thread died; callers then do the work
 * themselves, so a pool that cannot start or breaks only costs speed.
 */
export type ThreadPool<Input, Output> = {
  size: number;
  run(input: Input): Promise<Output | null>;
};

type Pool = { workers: Worker[]; turn: number; jobs: Map<number, (output: unknown) => void>; lastJob: number };

/**
 * Resolves and loads modules from the project (the server's working directory), as a
 * thread's source must: Next's bundle has no `require`, and threads take module paths.
 */
export const projectRequire = () => createRequire(path.join(process.cwd(), "package.json"));

const THREAD_HEAP_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

const globals = globalThis as typeof globalThis & { __wardenThreadPools?: Map<string, Pool | null> };

/**
 * The process's pool called `name`, started on first use (null when threads cannot
 * start). `handlerSource` is the source of a function `(input) => output`, evaluated
 * once per thread with `require` and `workerData` in scope (an IIFE can load modules first).
 */
export function threadPool<Input, Output>(
  name: string,
  handlerSource: string,
  workerData: () => unknown,
  maxThreads = 4,
): ThreadPool<Input, Output> | null {
  const pools = (globals.__wardenThreadPools ??= new Map());
  if (!pools.has(name)) pools.set(name, startPool(name, handlerSource, workerData, maxThreads));
  const pool = pools.get(name)!;
  return pool && { size: pool.workers.length, run: (input) => runInWorker(pool, input) as Promise<Output | null> };
}

/**
 * Splits `items` over the pool's threads (each chunk sent as `toInput(chunk)`), or does
 * them here when there is no pool or a thread dies.
 */
export async function runSplit<Item, Result, Input = Item[]>(
  pool: ThreadPool<Input, Result[]> | null,
  items: Item[],
  here: (items: Item[]) => Result[] | Promise<Result[]>,
  toInput: (chunk: Item[]) => Input = (chunk) => chunk as Input,
): Promise<Result[]> {
  if (!pool || items.length === 0) return here(items);
  const size = Math.ceil(items.length / pool.size);
  const chunks = Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  const results = await Promise.all(chunks.map(async (chunk) => (await pool.run(toInput(chunk))) ?? here(chunk)));
  return results.flat();
}

const workerSource = (handlerSource: string) => `
const { parentPort, workerData } = require("node:worker_threads");
const handle = ${handlerSource};
parentPort.on("message", ({ job, input }) => {
  try {
    parentPort.postMessage({ job, output: handle(input) });
  } catch (error) {
    parentPort.postMessage({ job, output: null, error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) } });
  }
});`;

function startPool(name: string, handlerSource: string, makeWorkerData: () => unknown, maxThreads: number): Pool | null {
  try {
    const workerData = makeWorkerData();
    const pool: Pool = { workers: [], turn: 0, jobs: new Map(), lastJob: 0 };
    const count = Math.min(maxThreads, availableParallelism());
    for (let i = 0; i < count; i++) {
      // Small heaps: a job's data is a few kilobytes, and each thread's young generation
      // would otherwise grow to the main thread's size (the server's RSS target).
      const worker = new Worker(workerSource(handlerSource), { eval: true, workerData, resourceLimits: THREAD_HEAP_LIMITS });
      worker.unref(); // idle threads never keep the process alive
      worker.on("message", ({ job, output, error }: { job: number; output: unknown; error?: { message: string; stack?: string } }) => {
        // The thread's error, rebuilt with the thread's stack for pino's err serializer.
        const err = error && Object.assign(new Error(error.message), { stack: error.stack ?? error.message });
        if (err) logger.warn({ err, pool: name }, "worker thread could not do a job; doing it on the main thread");
        pool.jobs.get(job)?.(output);
        pool.jobs.delete(job);
      });
      worker.on("error", (error) => {
        logger.warn({ err: error, pool: name }, "worker thread failed; its work moves to the main thread");
        globals.__wardenThreadPools?.set(name, null);
        for (const [job, resolve] of pool.jobs) {
          pool.jobs.delete(job);
          resolve(null);
        }
      });
      pool.workers.push(worker);
    }
    return pool;
  } catch (error) {
    logger.warn({ err: error, pool: name }, "worker threads unavailable; working on the main thread");
    return null;
  }
}

function runInWorker(pool: Pool, input: unknown): Promise<unknown> {
  const job = ++pool.lastJob;
  const worker = pool.workers[pool.turn++ % pool.workers.length]!;
  worker.ref();
  return new Promise<unknown>((resolve) => {
    pool.jobs.set(job, resolve);
    worker.postMessage({ job, input });
  }).then((output) => {
    if (pool.jobs.size === 0) pool.workers.forEach((w) => w.unref());
    return output;
  });
}
