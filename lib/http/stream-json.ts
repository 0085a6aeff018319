import { logger } from "@/lib/log";

/**
 * A JSON object whose one array member is written page by page as the pages arrive,
 * so an answer of 100,000 rows never sits in memory whole: `{"<key>":[…],...rest}`.
 * Pages are pulled only as fast as the client reads (ReadableStream backpressure).
 * The first page is read before answering, so a failure there is an ordinary error
 * response; one after the first byte can no longer change the status: the stream
 * is aborted, so the client sees a truncated body, never a complete-looking wrong one.
 */
export async function streamJsonArray(key: string, pages: AsyncIterable<readonly unknown[]>, rest: Record<string, unknown> = {}): Promise<Response> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let pending: IteratorResult<readonly unknown[]> | undefined = await iterator.next();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`{${JSON.stringify(key)}:[`));
    },
    async pull(controller) {
      let next: IteratorResult<readonly unknown[]>;
      try {
        next = pending ?? (await iterator.next());
        pending = undefined;
      } catch (err) {
        logger.error({ err }, "streamed JSON answer aborted");
        throw err;
      }
      if (next.done) {
        const tail = Object.entries(rest).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`);
        controller.enqueue(encoder.encode(`]${tail.join("")}}`));
        controller.close();
        return;
      }
      if (next.value.length === 0) return;
      const items = next.value.map((item) => JSON.stringify(item)).join(",");
      controller.enqueue(encoder.encode((first ? "" : ",") + items));
      first = false;
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, { headers: { "content-type": "application/json" } });
}
