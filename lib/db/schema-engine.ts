import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { Pool, QueryResult } from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type DatabaseTarget, postgresAdapter } from "./client.ts";
import { embeddedDatabase } from "./embedded.ts";
import { DatabaseError, reasonOf } from "./errors.ts";

// Prisma's schema engine compiled to WASM, driving our own driver adapters: the CLI's
// native engine is a binary it downloads, which we cannot (docs/decisions/001).

export type SchemaEngine = bindings.SchemaEngine;

/** A database for the engine to work on: a real one, or a throwaway in-memory PGlite. */
export type EngineDatabase = DatabaseTarget | { kind: "scratch" };

export type SchemaFile = { path: string; content: string };

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Runs `work` with a schema engine connected to database and always releases the
 * connections. Failures become one-line DatabaseErrors starting with `failure`.
 */
export async function withSchemaEngine<T>(
  database: EngineDatabase,
  schema: SchemaFile | undefined,
  failure: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => (opened.push(adapter), adapter);
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "warden-schema-engine",
    connect: async () => track(await connect(database)),
    connectToShadowDb: async () => track(await connect({ kind: "scratch" })),
  });
  let engine: SchemaEngine | undefined;
  try {
    await loadWasm();
    const datamodels: [string, string][] | undefined = schema && [[schema.path, schema.content]];
    engine = await bindings.SchemaEngine.new({ datamodels }, () => {}, factory);
    return await work(engine);
  } catch (engineError) {
    // The engine reports errors thrown by our adapters as "External error id#N".
    const id = /External error id#(\d+)/.exec(String(engineError))?.[1];
    const error = (id && factory.errorRegistry.consumeError(Number(id))?.error) || engineError;
    if (error instanceof DatabaseError) throw error;
    // A failed migration is named only in the engine's backtrace.
    const migration = /migration_name="([^"]+)"/.exec(String(error))?.[1];
    const where = migration ? ` (migration ${migration})` : "";
    throw new DatabaseError(`${failure}${where}: ${reasonOf(error)}`, { cause: error });
  } finally {
    engine?.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

async function connect(database: EngineDatabase): Promise<SqlDriverAdapter> {
  if (database.kind === "postgres") {
    const adapter = await postgresAdapter(database.url).connect();
    readCharAsText(adapter.underlyingDriver());
    return runScriptsWhole(adapter, (script) => adapter.underlyingDriver().query(script));
  }
  const pglite = database.kind === "embedded" ? embeddedDatabase(database.dataDir) : await scratchDatabase();
  const adapter = runScriptsWhole(await new PrismaPGlite(pglite).connect(), (script) => pglite.exec(script));
  if (database.kind === "scratch") adapter.dispose = () => (pglite.closed ? Promise.resolve() : pglite.close());
  return adapter;
}

// A new in-memory PGlite runs initdb (~2 s); cloning a pristine one's files takes ~0.5 s.
let pristineFiles: Promise<Blob> | undefined;

async function scratchDatabase(): Promise<PGlite> {
  pristineFiles ??= (async () => {
    const pristine = await PGlite.create();
    try {
      return await pristine.dumpDataDir("none");
    } finally {
      await pristine.close();
    }
  })();
  return PGlite.create({ loadDataDir: await pristineFiles });
}

// The adapters' own executeScript is unfit for migrations: pglite-prisma-adapter 0.7 does
// not await the script (a failing migration is recorded as applied) and @prisma/adapter-pg
// splits it on every ";". Send each script as one multi-statement query instead, as the
// native engine does, so a failing migration rolls back whole and is reported.
function runScriptsWhole(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  adapter.executeScript = async (script) => {
    try {
      await run(script);
    } catch (error) {
      throw asDriverAdapterError(error);
    }
  };
  return adapter;
}

// @prisma/adapter-pg 7.10 rejects Postgres's one-byte "char" type (oid 18), which the engine
// reads from pg_catalog when it inspects a database; hand it over as text (oid 25) instead.
function readCharAsText(pool: Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<QueryResult>;
  Object.assign(pool, {
    query: async (...args: unknown[]) => {
      const result = await query(...args);
      for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    },
  });
}

function asDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof Error) || !("code" in error) || !("severity" in error)) return error;
  const { code, severity, detail, hint } = error as Error & Record<string, string | undefined>;
  return new DriverAdapterError({ kind: "postgres", code: code!, severity: severity!, message: error.message, detail, column: undefined, hint });
}

// The bindings module keeps the WASM instance in a module variable. Instantiate it once per
// module instance: if the server and Next's bundle share the external package, a second
// instantiation would swap the memory under a running engine.
const globals = globalThis as typeof globalThis & { __wardenSchemaEngineWasm?: WeakMap<object, Promise<void>> };
const loaded = (globals.__wardenSchemaEngineWasm ??= new WeakMap());

function loadWasm(): Promise<void> {
  let ready = loaded.get(bindings);
  if (!ready) {
    ready = instantiateWasm();
    loaded.set(bindings, ready);
  }
  return ready;
}

async function instantiateWasm(): Promise<void> {
  // Node cannot import .wasm as a module, and the package does not export the file: find
  // it beside the bindings. Without the ignore comment, Turbopack replaces the resolved
  // path with a module id in Next's server bundle.
  const require = createRequire(import.meta.url);
  const bindingsFile = require.resolve(/* turbopackIgnore: true */ "@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
}
