import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "../env.ts";
import { closeEmbeddedDatabases, embeddedDatabase } from "./embedded.ts";
import { DatabaseError, reasonOf } from "./errors.ts";
import { PrismaClient } from "./generated/client.ts";

export type DatabaseKind = "embedded" | "postgres";

/** Where a database lives: a Postgres server, or a PGlite folder. */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "embedded"; dataDir: string };

export type DatabaseConnection = {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** Prisma's own connection pool on a Postgres target, for statements sent without Prisma. */
  pool: pg.Pool | null;
  /** Runs SELECT 1; rejects with a one-line DatabaseError when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** A Postgres adapter whose connection attempts give up after 3 s, so a down server fails fast. */
export function postgresAdapter(url: string): PrismaPg {
  return new PrismaPg(postgresPool(url), { disposeExternalPool: true });
}

function postgresPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, connectionTimeoutMillis: 3_000 });
}

/** Prisma's adapter for target, and on Postgres the pool it runs on (closed with it). */
function adapterFor(target: DatabaseTarget): { adapter: PrismaPg | PrismaPGlite; pool: pg.Pool | null } {
  if (target.kind === "embedded") return { adapter: new PrismaPGlite(embeddedDatabase(target.dataDir)), pool: null };
  const pool = postgresPool(target.url);
  return { adapter: new PrismaPg(pool, { disposeExternalPool: true }), pool };
}

/** The database this process uses: DATABASE_URL if set, else PGlite in DATA_DIR/pglite. */
export function configuredTarget(): DatabaseTarget {
  const { DATABASE_URL, DATA_DIR } = env();
  if (DATABASE_URL) return { kind: "postgres", url: DATABASE_URL };
  return { kind: "embedded", dataDir: path.resolve(DATA_DIR, "pglite") };
}

/**
 * Opens a Prisma client on target. The process's own database is `db()`; this is for
 * tests and scripts that need another one. An embedded target shares the process's PGlite
 * instance for its folder; closing it closes all of this process's PGlite instances.
 */
export function connectDatabase(target: DatabaseTarget): DatabaseConnection {
  const { adapter, pool } = adapterFor(target);
  const prisma = new PrismaClient({ adapter, errorFormat: "minimal" });
  return {
    target,
    prisma,
    pool,
    async ping() {
      try {
        await prisma.$executeRaw`SELECT 1`;
      } catch (error) {
        throw new DatabaseError(`Database ${describeTarget(target)} is unreachable: ${reasonOf(error)}`, {
          cause: error,
        });
      }
    },
    async close() {
      await prisma.$disconnect();
      if (target.kind === "embedded") await closeEmbeddedDatabases();
    },
  };
}

/** "postgres 127.0.0.1:5432/warden" or "embedded /srv/data/pglite" (never a password). */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded ${target.dataDir}`;
  const url = new URL(target.url);
  return `postgres ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}

const globals = globalThis as typeof globalThis & { __wardenDatabase?: DatabaseConnection };

function processDatabase(): DatabaseConnection {
  return (globals.__wardenDatabase ??= connectDatabase(configuredTarget()));
}

/**
 * The pg pool under the process's Prisma client when its database is Postgres (null when
 * embedded): for a hot path whose statements cost more in Prisma than in the database.
 */
export function databasePool(): pg.Pool | null {
  return processDatabase().pool;
}

/** The process's Prisma client, one per process (shared by the server and Next's bundle). */
export function db(): PrismaClient {
  return processDatabase().prisma;
}

export function databaseKind(): DatabaseKind {
  return (globals.__wardenDatabase?.target ?? configuredTarget()).kind;
}

/** Rejects with a one-line DatabaseError when the database is down; recovers when it returns. */
export function pingDatabase(): Promise<void> {
  return processDatabase().ping();
}

/** Disconnects and closes everything; a later `db()` opens the database again. */
export async function closeDatabase(): Promise<void> {
  const connection = globals.__wardenDatabase;
  globals.__wardenDatabase = undefined;
  try {
    await connection?.prisma.$disconnect();
  } finally {
    await closeEmbeddedDatabases();
  }
}
