import { logger } from "@/lib/log";
import { watchSubject } from "./live-feed";
import { nextExpiry, subjectLive, type SubjectLive } from "./presence";

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;
/** How long EventSource waits before reconnecting after the stream drops. */
const RETRY_MS = 3_000;
// A presence expiring at `until` is gone a moment later: re-read just after, not just before.
const EXPIRY_MARGIN_MS = 250;

/**
 * The server-sent events of one subject's live view: a `live` event with the whole
 * SubjectLive at once and after every change, pushed when a NOTIFY names the subject
 * or a presence or claim expires (a timer, not a poll). Ends when the client goes.
 */
export function subjectLiveStream(subjectId: number, first: SubjectLive, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  let expiryTimer: NodeJS.Timeout | undefined;
  let keepalive: NodeJS.Timeout | undefined;
  let unwatch = () => {};
  const close = (controller?: ReadableStreamDefaultController<Uint8Array>) => {
    if (closed) return;
    closed = true;
    clearTimeout(expiryTimer);
    clearInterval(keepalive);
    unwatch();
    try {
      controller?.close();
    } catch {
      // already closed by the client going away
    }
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => !closed && controller.enqueue(encoder.encode(text));
      let last = "";
      const send = (live: SubjectLive) => {
        const data = JSON.stringify(live);
        if (data !== last) write(`event: live\ndata: ${data}\n\n`);
        last = data;
        clearTimeout(expiryTimer);
        const wait = nextExpiry(live);
        if (wait !== null) expiryTimer = setTimeout(() => void refresh(), wait + EXPIRY_MARGIN_MS);
      };
      // One read at a time; changes arriving meanwhile are folded into one more read.
      let reading = false;
      let again = false;
      const refresh = async () => {
        if (reading) return void (again = true);
        reading = true;
        try {
          do {
            again = false;
            const live = await subjectLive(subjectId);
            if (!live) return close(controller);
            if (!closed) send(live);
          } while (again && !closed);
        } catch (error) {
          logger.warn({ err: error, subjectId }, "reports live stream: cannot read the subject");
        } finally {
          reading = false;
        }
      };
      write(`retry: ${RETRY_MS}\n\n`);
      send(first);
      unwatch = watchSubject(subjectId, (ended) => (ended ? close(controller) : void refresh()));
      void refresh(); // whatever changed between the first read and watching
      keepalive = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
      signal.addEventListener("abort", () => close(controller), { once: true });
    },
    cancel() {
      close();
    },
  });
}
