// The raw ceiling for queryLabels: a bare node:http server and a pg pool of Warden's size,
// running Warden's own query (queryLabelsSql, as a named statement) and writing the same
// JSON, with nothing else: no validation library, no batching, no framework. What
// PostgreSQL and Node on this machine can do for the query; Warden's figures are read
// against it. Prints "READY" once listening on RAW_PORT.
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import pg from "pg";
import { queryLabelsSql } from "@/lib/labels/query-labels";

const pool = new pg.Pool({ connectionString: process.env.RAW_DATABASE_URL, max: availableParallelism() + 1 });

type Row = { seq: string; src: string; uri: string; cid: string | null; val: string; neg: boolean; sig: Buffer; cts: string; exp: string | null };

// The same fields, in the same order, as Warden's labelToJson.
const labelJson = (row: Row) => ({
  ver: 1,
  src: row.src,
  uri: row.uri,
  ...(row.cid !== null && { cid: row.cid }),
  val: row.val,
  ...(row.neg && { neg: true }),
  cts: new Date(Number(row.cts)).toISOString(),
  ...(row.exp !== null && { exp: new Date(Number(row.exp)).toISOString() }),
  sig: { $bytes: row.sig.toString("base64").replace(/=+$/, "") },
});

const names = new Map<string, string>();

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? "/", "http://raw");
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const cursor = url.searchParams.has("cursor") ? Number(url.searchParams.get("cursor")) : undefined;
    const { text, values } = queryLabelsSql({ uriPatterns: url.searchParams.getAll("uriPatterns"), sources: url.searchParams.getAll("sources") as `did:${string}:${string}`[], limit, cursor });
    let name = names.get(text);
    if (!name) names.set(text, (name = `raw_${names.size}`));
    const rows = (await pool.query<Row>({ name, text, values })).rows;
    const page = rows.slice(0, limit);
    const json = JSON.stringify({ ...(rows.length > limit && { cursor: page.at(-1)!.seq }), labels: page.map(labelJson) });
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
    response.end(json);
  } catch (error) {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "InternalServerError", message: String(error) }));
  }
});
server.listen(Number(process.env.RAW_PORT), "127.0.0.1", () => process.stdout.write("READY\n"));
process.once("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
