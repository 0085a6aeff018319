import { availableParallelism } from "node:os";
import pg from "pg";
import { configuredTarget, type DatabaseTarget } from "@/lib/db";
import { embeddedDatabase } from "@/lib/db/embedded";
import { listen } from "@/lib/db/listen";
import { logger } from "@/lib/log";
import { LABELS_CHANNEL } from "../create-labels";
import type { StoredLabel } from "../label-codec";
import { unsignedLabel } from "../sign-label";
import { COPY_COLUMNS, copyLabelEvents } from "./copy-label-events";
import { labelEvent, type LabelEvent } from "./frames";
import { isoTime } from "./iso-time";
import { ReplayGate } from "./replay-gate";

/** How the labeler's protocol endpoints (the stream, queryLabels) read labels. */
export type LabelSource = {
  /** The highest seq committed (0 when there is none). */
  head(): Promise<number>;
  /** Every emission with seq > after, in seq order: what goes out live. */
  emittedAfter(after: number, limit: number): Promise<StoredLabel[]>;
  /** The current label of each key with seq > after, in seq order, as the events a replay sends. */
  currentEventsAfter(after: number, limit: number): Promise<LabelEvent[]>;
  /** The labels a query of LABEL_COLUMNS (labels as `l`, with $n parameters) returns, in its order. */
  select(sql: string, params: unknown[]): Promise<StoredLabel[]>;
  /** Like select, for a query whose first column `n` (1 to `groups`) says which look-up each label answers. */
  selectGroups(sql: string, params: unknown[], groups: number): Promise<StoredLabel[][]>;
  /** Statements this source runs at once (its connections). */
  readonly parallelism: number;
  /**
   * Calls onNotify with the notice whenever a writer commits labels or a rotation re-signs
   * them (LISTEN), and with LISTENING_NOTICE each time listening (re)starts; resolves to a
   * function that stops it.
   */
  listen(onNotify: (notice: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

// Timestamps come as epoch milliseconds: cheaper to read than timestamptz text, and exact
// (labels are created from JS dates).
export const LABEL_COLUMNS = `l.seq, l.src, l.uri, l.cid, l.val, l.neg, l.sig,
  floor(extract(epoch FROM l.cts) * 1000)::int8 AS cts, floor(extract(epoch FROM l.exp) * 1000)::int8 AS exp`;
export { LISTENING_NOTICE } from "@/lib/db/listen";

const HEAD_SQL = "SELECT coalesce(max(seq), 0)::text AS seq FROM labels";
const EMITTED_SQL = `SELECT ${LABEL_COLUMNS} FROM labels l WHERE l.seq > $1 ORDER BY l.seq LIMIT $2`;
// Both sides are bounded by the cursor so that the merge join starts there, not at seq 1.
const currentSql = (columns: string, after: string, limit: string) => `SELECT ${columns} FROM label_heads h JOIN labels l ON l.seq = h.seq
  WHERE h.seq > ${after} AND l.seq > ${after} ORDER BY h.seq LIMIT ${limit}`;
/** The current label of each key with seq > $1, at most $2, in seq order. */
export const CURRENT_LABELS_SQL = currentSql(LABEL_COLUMNS, "$1", "$2");

type Int8 = string | number | bigint;
type Row = { seq: Int8; src: string; uri: string; cid: string | null; val: string; neg: boolean; cts: Int8; exp: Int8 | null; sig: Uint8Array };
type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** A row as the label it was signed as (what labelFromRow does for Prisma's rows). */
function labelOf(row: Row): StoredLabel {
  const { src, uri, val, neg } = row;
  const unsigned = unsignedLabel({ src, uri, cid: row.cid ?? undefined, val, neg, cts: isoTime(row.cts), exp: row.exp === null ? undefined : isoTime(row.exp) });
  return { ...unsigned, sig: row.sig, seq: Number(row.seq) };
}

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLabelSource?: LabelSource };

/** The process's label reads, opened on first use (a closed one reopens the same way). */
export function labelSource(): LabelSource {
  return (globals.__wardenLabelSource ??= createLabelSource());
}

export async function closeLabelSource(): Promise<void> {
  const source = globals.__wardenLabelSource;
  globals.__wardenLabelSource = undefined;
  await source?.close();
}

/**
 * Connections of their own, beside Prisma's: LISTEN needs a dedicated one, and rows read
 * through the driver directly come about twice as fast as through Prisma (decision 007).
 */
export function createLabelSource(target: DatabaseTarget = configuredTarget()): LabelSource {
  return target.kind === "postgres" ? postgresSource(target.url) : embeddedSource(target.dataDir);
}

type Access = Pick<LabelSource, "listen" | "close" | "parallelism"> & { query: Query; currentEventsAfter?: LabelSource["currentEventsAfter"] };

// Under constant look-ups, a replay page still goes every 50 ms or so (~20,000 labels/s).
const REPLAY_MAX_DEFER_MS = 50;
const RECENT_READ_MS = 5;

function sourceOver({ query, currentEventsAfter, listen, close, parallelism }: Access): LabelSource {
  // Every read but replay pages, followed so that replay pages can wait for them. PGlite
  // runs a statement within one turn of the event loop: "recently" stands for "running".
  let running = 0;
  let lastRead = -Infinity;
  const read: Query = async (sql, params) => {
    running++;
    try {
      return await query(sql, params);
    } finally {
      running--;
      lastRead = performance.now();
    }
  };
  const busy = () => running > 0 || performance.now() - lastRead < RECENT_READ_MS;
  // Replays get at most a third of the connections (PGlite's one, shared), so look-ups always find one.
  const replays = new ReplayGate({ slots: Math.max(1, Math.floor(parallelism / 3)), busy, maxDeferMs: REPLAY_MAX_DEFER_MS });
  const rowsToLabels = (rows: Row[]) => rows.map(labelOf);
  const select = async (sql: string, params: unknown[]) => rowsToLabels(await read<Row>(sql, params));
  const selectGroups = async (sql: string, params: unknown[], groups: number) => {
    const labels = Array.from({ length: groups }, (): StoredLabel[] => []);
    for (const row of await read<Row & { n: Int8 }>(sql, params)) labels[Number(row.n) - 1]!.push(labelOf(row));
    return labels;
  };
  const replayPage = async (after: number, limit: number) =>
    currentEventsAfter ? currentEventsAfter(after, limit) : rowsToLabels(await query<Row>(CURRENT_LABELS_SQL, [after, limit])).map(labelEvent);
  return {
    parallelism,
    selectGroups,
    head: async () => Number((await read<{ seq: string }>(HEAD_SQL, []))[0]!.seq),
    emittedAfter: (after, limit) => select(EMITTED_SQL, [after, limit]),
    currentEventsAfter: (after, limit) => replays.read(() => replayPage(after, limit)),
    select,
    listen,
    close,
  };
}

function embeddedSource(dataDir: string): LabelSource {
  // The process's own PGlite instance (shared with Prisma): it delivers NOTIFY to its listeners.
  const pglite = () => embeddedDatabase(dataDir);
  return sourceOver({
    query: async (sql, params) => (await pglite().query(sql, params)).rows as never[],
    listen: (onNotify) => listen(LABELS_CHANNEL, onNotify, { kind: "embedded", dataDir }),
    close: async () => {},
    parallelism: 1,
  });
}

function postgresSource(url: string): LabelSource {
  // About one connection per core: label reads are short, and more backends only contend
  // (queryLabels at 32 clients here: ~3,700 req/s with eight, ~4,500 with three).
  const connections = availableParallelism() + 1;
  const pool = new pg.Pool({ connectionString: url, max: connections, connectionTimeoutMillis: 3_000 });
  // An idle connection that the server drops emits here; without a listener it would crash the process.
  pool.on("error", (error) => logger.warn({ err: error }, "label stream: database connection lost"));
  return sourceOver({
    query: async (sql, params) => (await pool.query({ name: statementName(sql), text: sql, values: params })).rows,
    // A replay page by binary COPY: about twice the rows per CPU second of a query's text rows.
    currentEventsAfter: async (after, limit) => {
      if (!Number.isSafeInteger(after) || !Number.isSafeInteger(limit)) throw new Error("a replay page needs integer bounds");
      const client = await pool.connect();
      try {
        const events = await copyLabelEvents(client, currentSql(COPY_COLUMNS, String(after), String(limit)));
        client.release();
        return events;
      } catch (error) {
        client.release(error as Error); // the connection may be mid-COPY: discard it
        throw error;
      }
    },
    listen: (onNotify) => listen(LABELS_CHANNEL, onNotify, { kind: "postgres", url }),
    close: () => pool.end(),
    parallelism: connections,
  });
}

const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 1_000;

/**
 * Named statements are parsed and planned once per connection: planning a queryLabels
 * look-up cost Postgres ~0.4-1.3 ms against ~0.1 ms to run it. A queryLabels text
 * depends only on how many patterns of each kind it has, so there are few of them.
 */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `warden_labels_${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name; // past the cap: unnamed, parsed and planned each time
}
