import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import next from "next";
import { closeDatabase, databaseKind } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { applySecurityHeaders } from "@/lib/http/security-headers";
import { startLabelStream, stopLabelStream } from "@/lib/labels/stream/label-stream";
import { stopWatchingSubjects } from "@/lib/reports/live-feed";
import { logger } from "@/lib/log";
import { startRelayBackground } from "@/lib/relay/background";
import { startTriageInterval } from "@/lib/triage/background";
import { bootDatabase } from "./boot-database";
import { answerMalformedPath, prepareRequest, rewriteNip86Path, skipCompressionOfWriteAnswers } from "./request-context";
import { createUpgradeRoutes, rejectMalformedUpgrade, rejectUpgrade } from "./upgrades";
import { answerWhileStarting } from "./while-starting";
import { credentialRoute, serveCredentialRoute } from "./credential-routes";
import { serveXrpcRoute, xrpcRoute } from "./xrpc-routes";

const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer({ dev }: { dev: boolean }): Promise<Server> {
  const config = env();
  if (databaseKind() === "embedded") mkdirSync(config.DATA_DIR, { recursive: true });
  // Without NEXTAUTH_URL, next-auth builds its URLs from x-forwarded-host/-proto,
  // which prepareRequest always sets itself (so a client cannot choose them).
  if (!config.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

  // next.config.ts through Node's own type stripping, as `next --experimental-next-config-strip-types`
  // does, rather than SWC's native binary, which would stay loaded for nothing (~25 MB RSS).
  process.env.__NEXT_NODE_NATIVE_TS_LOADER_ENABLED ??= "true";

  // Next gets a private emitter as its "server" so it never attaches its own
  // upgrade listener (which ends upgrades on app routes); this server owns them.
  const nextEvents = new EventEmitter();
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT, httpServer: nextEvents as unknown as Server });
  const handle = app.getRequestHandler();
  await app.prepare();

  const headerOptions = { dev, https: /^https:/i.test(config.PUBLIC_URL ?? "") };
  const server = createServer((request, response) => {
    prepareRequest(request, response, config.TRUST_PROXY);
    applySecurityHeaders(request, response, headerOptions);
    if (answerMalformedPath(request, response)) return;
    rewriteNip86Path(request, config.NIP86_PATH);
    skipCompressionOfWriteAnswers(request);
    if (answerWhileStarting(request, response)) return;
    const xrpc = xrpcRoute(request);
    if (xrpc) return void serveXrpcRoute(xrpc, request, response);
    const write = credentialRoute(request);
    if (write) return void serveCredentialRoute(write, request, response);
    void handle(request, response);
  });

  const upgradeRoutes = createUpgradeRoutes();
  server.on("upgrade", (request, socket, head) => {
    if (rejectMalformedUpgrade(request, socket)) return;
    const path = (request.url ?? "/").split("?")[0]!;
    const route = upgradeRoutes.get(path);
    if (route) return route(request, socket, head);
    if (dev && path.startsWith("/_next/")) return void nextEvents.emit("upgrade", request, socket, head);
    rejectUpgrade(request, socket, new AppError("not_found", `No websocket endpoint at ${path}`));
  });

  const booting = new AbortController();
  // The label stream starts once the tables exist; it rides out later outages itself.
  void bootDatabase(booting.signal).then(() => booting.signal.aborted || startLabelStream());
  // The relay's delivery outbox: one per process, idle until the database is ready.
  const relay = startRelayBackground();
  const triage = startTriageInterval();

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, dev, database: databaseKind() }, "listening");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
    booting.abort();
    // Ends the plugins' long polls at once, and finishes a delivery pass in progress.
    const relayStopped = relay.stop();
    const triageStopped = triage.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const streamStopped = stopLabelStream(); // its websockets would hold server.close open
    const liveStopped = stopWatchingSubjects(); // and so would the report subjects' event streams
    const timedOut = await Promise.race([closed.then(() => false), delay(SHUTDOWN_GRACE_MS).then(() => true)]);
    if (timedOut) {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, "requests still running after the grace period: closing them");
      server.closeAllConnections();
    }
    await streamStopped;
    await liveStopped;
    await app.close?.();
    await relayStopped;
    await triageStopped;
    await closeDatabase();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  return server;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
