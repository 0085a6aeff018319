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
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type DatabaseTarget, describeTarget, postgresAdapter } from "./client.ts";
import { embeddedDatabase } from "./embedded.ts";
import { DatabaseError, reasonOf } from "./errors.ts";

// Prisma's schema engine compiled to WASM, driving our own driver adapters: the CLI's
// native engine is a binary it downloads, which we cannot (docs/decisions/001).

export type SchemaEngine = bindings.SchemaEngine;

/** A database for the engine to work on: a real one, or a throwaway in-memory PGlite. */
export type EngineDatabase = DatabaseTarget | { kind: "scratch" };

export type SchemaFile = { path: string; content: string };

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Runs `work` with a schema engine connected to database; always releases connections. */
export async function withSchemaEngine<T>(
  database: EngineDatabase,
  schema: SchemaFile | undefined,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
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
    const datamodels: [string, string][] | undefined = schema && [[schema.path, schema.content]];
    engine = await bindings.SchemaEngine.new({ datamodels }, () => {}, factory);
    return await work(engine);
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    const where = database.kind === "scratch" ? "" : ` on ${describeTarget(database)}`;
    throw new DatabaseError(`Schema engine failed${where}: ${reasonOf(error)}`, { cause: error });
  } finally {
    engine?.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

async function connect(database: EngineDatabase): Promise<SqlDriverAdapter> {
  if (database.kind === "postgres") {
    const adapter = await postgresAdapter(database.url).connect();
    return runScriptsWhole(adapter, (script) => adapter.underlyingDriver().query(script));
  }
  const pglite = database.kind === "embedded" ? embeddedDatabase(database.dataDir) : new PGlite();
  const adapter = runScriptsWhole(await new PrismaPGlite(pglite).connect(), (script) => pglite.exec(script));
  if (database.kind === "scratch") adapter.dispose = () => (pglite.closed ? Promise.resolve() : pglite.close());
  return adapter;
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
  // it beside the bindings. createRequire keeps this working inside Next's server bundle.
  const require = createRequire(import.meta.url);
  const bindingsFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
}
