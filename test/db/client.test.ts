import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  closeDatabase,
  connectDatabase,
  type DatabaseConnection,
  DatabaseError,
  databaseKind,
  db,
  pingDatabase,
} from "@/lib/db";
import { scratchDir, testDatabaseKind, withMigratedDatabase } from "../support/database";

withMigratedDatabase();

describe("db()", () => {
  it("uses the database of this test project", () => {
    expect(databaseKind()).toBe(testDatabaseKind());
  });

  it("round-trips a moderator token and an audit entry", async () => {
    const token = await db().moderatorToken.create({ data: { name: "alice", role: "moderator", hash: "a".repeat(64) } });
    const entry = await db().auditEntry.create({
      data: { actor: "alice", action: "token.create", subject: `token:${token.id}`, detail: { role: "moderator" } },
    });

    expect(await db().moderatorToken.findUniqueOrThrow({ where: { name: "alice" } })).toEqual(token);
    const stored = await db().auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(stored).toEqual(entry);
    expect(typeof stored.id).toBe("bigint");
    expect(stored.detail).toEqual({ role: "moderator" });
  });

  it("is one client per process, even for a second module graph", async () => {
    expect(db()).toBe(db());
    vi.resetModules();
    const secondGraph = await import("@/lib/db");
    expect(secondGraph.db()).toBe(db());
  });

  it("opens the database again after closeDatabase()", async () => {
    const before = db();
    await db().moderatorToken.create({ data: { name: "bob", role: "triage", hash: "b".repeat(64) } });
    await closeDatabase();

    expect(db()).not.toBe(before);
    expect(await db().moderatorToken.findUnique({ where: { name: "bob" } })).toMatchObject({ role: "triage" });
    await pingDatabase();
  });
});

describe("pingDatabase", () => {
  const connections: DatabaseConnection[] = [];
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
    servers.splice(0).forEach((server) => server.close());
  });

  const postgresAt = (port: number, database = "warden") => {
    const connection = connectDatabase({ kind: "postgres", url: `postgres://postgres:secret@127.0.0.1:${port}/${database}` });
    connections.push(connection);
    return connection;
  };
  const listen = async (server: net.Server, port = 0) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return (server.address() as net.AddressInfo).port;
  };

  it("resolves while the database answers", async () => {
    await expect(pingDatabase()).resolves.toBeUndefined();
  });

  it("rejects with one line, without the password, when nothing listens", async () => {
    const port = await closedPort();
    const failure = await postgresAt(port).ping().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect((failure as Error).message).toBe(
      `Database postgres 127.0.0.1:${port}/warden is unreachable: Can't reach database server at 127.0.0.1:${port}`,
    );
  });

  it("gives up within about 3 s on a server that never answers", async () => {
    const port = await listen(net.createServer(() => {}));
    const started = Date.now();
    await expect(postgresAt(port).ping()).rejects.toThrow(/unreachable: .*timeout/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(testDatabaseKind() !== "postgres")("recovers when the server comes back", async () => {
    const server = new URL(process.env.DATABASE_URL!);
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(server.port || 5432), server.hostname);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    const port = await closedPort();
    const connection = postgresAt(port, server.pathname.slice(1));

    await expect(connection.ping()).rejects.toThrow(DatabaseError);
    await listen(proxy, port);
    await expect(connection.ping()).resolves.toBeUndefined();
  });
});

describe.skipIf(testDatabaseKind() !== "embedded")("the embedded database folder", () => {
  it("refuses a second process's folder while that process runs", () => {
    const dataDir = path.join(scratchDir("lock"), "pglite");
    writeFileSync(`${dataDir}.pid`, String(process.ppid));
    expect(() => connectDatabase({ kind: "embedded", dataDir })).toThrow(
      new DatabaseError(`The embedded database ${dataDir} is in use by process ${process.ppid}; stop that process first`),
    );
  });

  it("rejects queries, without crashing, when the folder cannot be opened", async () => {
    const dataDir = path.join(scratchDir("broken"), "pglite");
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, "PG_VERSION"), "not a database\n");
    const connection = connectDatabase({ kind: "embedded", dataDir });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the open fails (~0.2 s) before any query
    await expect(connection.ping()).rejects.toThrow(`Database embedded ${dataDir} is unreachable: `);
    await connection.close();
  });

  it("takes over a folder whose process is gone", async () => {
    const dataDir = path.join(scratchDir("lock"), "pglite");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(`${dataDir}.pid`, String(gone));
    const connection = connectDatabase({ kind: "embedded", dataDir });
    await expect(connection.ping()).resolves.toBeUndefined();
    await connection.close();
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
