// The custom server creates a new embedded database in a child process (its memory goes
// with it), then opens the folder itself; an existing folder is left as it is.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEmbeddedDatabase, embeddedDatabase } from "@/lib/db/embedded";
import { scratchDir, testDatabaseKind } from "../support/database";

describe.skipIf(testDatabaseKind() === "postgres")("createEmbeddedDatabase", () => {
  it("creates the database in a child process, which this process then opens", async () => {
    const dataDir = path.join(scratchDir("create"), "pglite");
    await createEmbeddedDatabase(dataDir);
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);

    const pglite = embeddedDatabase(dataDir);
    await pglite.query("CREATE TABLE kept (id int)");
    expect((await pglite.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]?.shared_buffers).toBe("8MB");
    await createEmbeddedDatabase(dataDir); // open here already: nothing to do
    expect((await pglite.query("SELECT * FROM kept")).rows).toEqual([]);
    await pglite.close();
  });
});
