import { AtpAgent } from "@atproto/api";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

/** What the inbox shows of a subject: its content, or why it cannot. */
export type SubjectContent =
  | { type: "post"; text: string; handle: string; displayName?: string; createdAt?: string }
  | { type: "profile"; handle: string; displayName?: string; description?: string }
  | { type: "nostr_event"; text: string; eventKind: number; createdAt: string; queueStatus: string }
  | { type: "unavailable"; why: string };

type Subject = { id: number; key: string; kind: string };

/** The page waits this long for the AppView at most; a slow answer shows the fallback. */
export const APPVIEW_TIMEOUT_MS = 2_000;
const CACHE_MS = 60_000;
const FAILURE_CACHE_MS = 10_000;
const CACHE_ENTRIES = 5_000;
const POSTS_PER_CALL = 25; // app.bsky.feed.getPosts takes at most 25 uris

// A short cache in the process: a page refresh after an action asks the AppView nothing.
const cache = new Map<string, { content: SubjectContent; until: number }>();

function remember(key: string, content: SubjectContent, now: number) {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { content, until: now + (content.type === "unavailable" ? FAILURE_CACHE_MS : CACHE_MS) });
}

/** Forgets what was fetched (tests, and a changed AppView URL). */
export function clearSubjectContentCache(): void {
  cache.clear();
}

const unavailable = (why: string): SubjectContent => ({ type: "unavailable", why });

/** Why a call failed, in words a moderator can act on; the detail goes to the log. */
function failure(error: unknown, what: string): SubjectContent {
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError" || /aborted|timeout/i.test(error.message));
  logger.warn({ err: error }, `AppView: could not fetch ${what}`);
  return unavailable(timedOut ? "the AppView did not answer in time" : "the AppView could not be reached");
}

/**
 * The call's answer, or the deadline's reason once it passes. The client gets the signal
 * too, but a loaded CI run once waited 30 s in this call all the same: the page's
 * deadline must not rest on every layer below honouring the signal.
 */
function beforeDeadline<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function fetchPosts(agent: AtpAgent, uris: string[], signal: AbortSignal): Promise<Map<string, SubjectContent>> {
  const found = new Map<string, SubjectContent>();
  for (let start = 0; start < uris.length; start += POSTS_PER_CALL) {
    const chunk = uris.slice(start, start + POSTS_PER_CALL);
    try {
      const { data } = await beforeDeadline(agent.app.bsky.feed.getPosts({ uris: chunk }, { signal }), signal);
      for (const post of data.posts) {
        const record = post.record as { text?: unknown; createdAt?: unknown };
        found.set(post.uri, {
          type: "post",
          text: typeof record.text === "string" ? record.text : "",
          handle: post.author.handle,
          ...(post.author.displayName && { displayName: post.author.displayName }),
          ...(typeof record.createdAt === "string" && { createdAt: record.createdAt }),
        });
      }
      for (const uri of chunk) if (!found.has(uri)) found.set(uri, unavailable("the AppView does not have this post (deleted, or hidden by its author)"));
    } catch (error) {
      const content = failure(error, "posts");
      for (const uri of chunk) found.set(uri, content);
    }
  }
  return found;
}

async function fetchProfile(agent: AtpAgent, did: string, signal: AbortSignal): Promise<SubjectContent> {
  try {
    const { data } = await beforeDeadline(agent.app.bsky.actor.getProfile({ actor: did }, { signal }), signal);
    return { type: "profile", handle: data.handle, ...(data.displayName && { displayName: data.displayName }), ...(data.description && { description: data.description }) };
  } catch (error) {
    const name = (error as { error?: string }).error;
    if (name === "AccountTakedown" || name === "AccountDeactivated" || name === "InvalidRequest") {
      return unavailable(`the AppView does not show this account (${(error as Error).message || name})`);
    }
    return failure(error, "a profile");
  }
}

/**
 * The content of a page of subjects, by subject id: Bluesky posts and profiles from the
 * public AppView (one getPosts call per 25 posts, a getProfile per account, all under
 * one deadline), Nostr events from the relay queue's stored events. Never throws: what
 * cannot be fetched is `unavailable` with the reason.
 */
export async function subjectContents(subjects: Subject[]): Promise<Map<number, SubjectContent>> {
  const now = Date.now();
  const result = new Map<number, SubjectContent>();
  const cached = (subject: Subject) => {
    const hit = cache.get(subject.key);
    if (hit && hit.until > now) result.set(subject.id, hit.content);
    return Boolean(hit && hit.until > now);
  };
  const missing = subjects.filter((subject) => !cached(subject));

  const posts = missing.filter((subject) => subject.kind === "record" && subject.key.split("/")[3] === "app.bsky.feed.post");
  const accounts = missing.filter((subject) => subject.kind === "account");
  const events = missing.filter((subject) => subject.kind === "nostr_event");
  for (const subject of missing) {
    if (subject.kind === "record" && !posts.includes(subject)) result.set(subject.id, unavailable("only posts are shown here; open the record on its network"));
  }

  const fetched = new Map<string, SubjectContent>();
  if (posts.length > 0 || accounts.length > 0) {
    const agent = new AtpAgent({ service: env().BSKY_APPVIEW_URL });
    const signal = AbortSignal.timeout(APPVIEW_TIMEOUT_MS);
    const [byUri, profiles] = await Promise.all([
      fetchPosts(agent, posts.map((subject) => subject.key), signal),
      Promise.all(accounts.map((subject) => fetchProfile(agent, subject.key, signal))),
    ]);
    for (const [uri, content] of byUri) fetched.set(uri, content);
    accounts.forEach((subject, index) => fetched.set(subject.key, profiles[index]!));
  }
  if (events.length > 0) {
    const ids = events.map((subject) => subject.key.slice("nostr:event:".length));
    const rows = await db().relayEvent.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, event: true, createdAt: true, status: true } });
    for (const subject of events) {
      const row = rows.find((candidate) => `nostr:event:${candidate.id}` === subject.key);
      // Not cached: the queue is Warden's own database, and its status changes with the actions.
      result.set(
        subject.id,
        row
          ? { type: "nostr_event", text: String((row.event as { content?: unknown }).content ?? ""), eventKind: row.kind, createdAt: new Date(row.createdAt * 1000).toISOString(), queueStatus: row.status }
          : unavailable("Warden's relay queue never held this event (it was accepted without review, or never reached this relay)"),
      );
    }
  }
  for (const subject of [...posts, ...accounts]) {
    const content = fetched.get(subject.key)!;
    result.set(subject.id, content);
    remember(subject.key, content, now);
  }
  return result;
}
