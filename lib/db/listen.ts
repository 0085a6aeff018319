import pg from "pg";
import { logger } from "@/lib/log";
import { configuredTarget, type DatabaseTarget } from "./client.ts";
import { embeddedDatabase } from "./embedded.ts";

/** What listen passes once it listens again: notices may have been missed meanwhile. */
export const LISTENING_NOTICE = "listening";

const RECONNECT_MS = 2_000;

/**
 * Calls onNotify with each NOTIFY payload on `channel`, and with LISTENING_NOTICE each time
 * listening (re)starts; resolves to a function that stops it. PostgreSQL needs a connection
 * of its own, reconnected after a failure; the embedded database is the process's own
 * PGlite instance (shared with Prisma), which delivers NOTIFY to its listeners.
 */
export async function listen(channel: string, onNotify: (notice: string) => void, target: DatabaseTarget = configuredTarget()): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  if (target.kind === "postgres") return listenOnPostgres(target.url, channel, onNotify);
  const instance = embeddedDatabase(target.dataDir);
  const unlisten = await instance.listen(channel, onNotify);
  return async () => {
    if (!instance.closed) await unlisten();
  };
}

async function listenOnPostgres(url: string, channel: string, onNotify: (notice: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    next.on("notification", (message) => message.channel === channel && onNotify(message.payload ?? ""));
    next.on("error", (error) => {
      logger.warn({ err: error, channel }, "LISTEN connection lost; reconnecting");
      void next.end().catch(() => {});
      if (client === next) reconnectLater();
    });
    client = next;
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    if (stopped) await next.end();
    onNotify(LISTENING_NOTICE); // anything committed while we were not listening
  };
  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: Error) => {
        logger.warn({ err: error, channel }, "cannot LISTEN yet");
        reconnectLater();
      });
    }, RECONNECT_MS);
    retry.unref();
  };

  await connect().catch((error: Error) => {
    logger.warn({ err: error, channel }, "cannot LISTEN yet");
    reconnectLater();
  });
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
