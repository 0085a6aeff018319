import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
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
  /** Runs SELECT 1; rejects with a one-line DatabaseError when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** A Postgres adapter whose connection attempts give up after 3 s, so a down server fails fast. */
export function postgresAdapter(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url, connectionTimeoutMillis: 3_000 });
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
  const adapter =
    target.kind === "postgres" ? postgresAdapter(target.url) : new PrismaPGlite(embeddedDatabase(target.dataDir));
  const prisma = new PrismaClient({ adapter, errorFormat: "minimal" });
  return {
    target,
    prisma,
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
