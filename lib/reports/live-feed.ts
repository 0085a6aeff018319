import { listen, LISTENING_NOTICE } from "@/lib/db/listen";
import { logger } from "@/lib/log";
import { REPORTS_CHANNEL } from "./presence";

/** `ended`: the process is stopping; the watcher should finish (a stream would hold shutdown open). */
type Listener = (ended?: boolean) => void;
type Feed = { listeners: Map<number, Set<Listener>>; started: Promise<(() => Promise<void>) | undefined> | null };

// On globalThis: one LISTEN per process, whichever module graph (Next's bundles) asks first.
const globals = globalThis as typeof globalThis & { __wardenReportsFeed?: Feed };

/**
 * Calls onChange whenever the subject's viewers, claim or history change on any instance
 * (NOTIFY on REPORTS_CHANNEL), and for every subject when listening (re)starts, since
 * notices may have been missed meanwhile. Returns the unsubscribe function.
 */
export function watchSubject(subjectId: number, onChange: Listener): () => void {
  const feed = (globals.__wardenReportsFeed ??= { listeners: new Map(), started: null });
  feed.started ??= listen(REPORTS_CHANNEL, (notice) => deliver(feed, notice)).catch(
    (error: unknown) => {
      // The pages still work without the push: their heartbeats bring the view every PRESENCE_HEARTBEAT_MS.
      logger.warn({ err: error }, "reports live feed: cannot LISTEN; pages fall back to their heartbeat");
      feed.started = null;
      return undefined;
    },
  );
  const set = feed.listeners.get(subjectId) ?? new Set();
  set.add(onChange);
  feed.listeners.set(subjectId, set);
  return () => {
    set.delete(onChange);
    if (set.size === 0 && feed.listeners.get(subjectId) === set) feed.listeners.delete(subjectId);
  };
}

function deliver(feed: Feed, notice: string): void {
  const targets = notice === LISTENING_NOTICE ? [...feed.listeners.values()] : [feed.listeners.get(Number(notice))].filter((set) => set !== undefined);
  for (const set of targets) for (const listener of set) listener();
}

/** Stops listening and ends every watcher (shutdown, tests); the next watcher starts again. */
export async function stopWatchingSubjects(): Promise<void> {
  const feed = globals.__wardenReportsFeed;
  globals.__wardenReportsFeed = undefined;
  for (const set of feed?.listeners.values() ?? []) for (const listener of set) listener(true);
  const stop = await feed?.started;
  await stop?.();
}
