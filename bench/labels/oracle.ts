// What queryLabels must answer, computed independently of the servers under test: from
// every row of `labels` (not Warden's label_heads), in plain SQL, then each sampled
// answer compared field by field and its signatures verified with @atproto/crypto.
import pg from "pg";
import { verifyLabel, type SignedLabel } from "@/lib/labels/sign-label";

type Answer = { cursor?: string; labels: Record<string, unknown>[] };
type Row = { seq: string; src: string; uri: string; cid: string | null; val: string; neg: boolean; sig: Buffer; cts: Date; exp: Date | null };

// The latest row of each (src, uri, cid, val) among those matching, after the cursor, in seq order.
const CURRENT = (match: string) => `SELECT * FROM labels l WHERE ${match} AND l.seq > $2
  AND NOT EXISTS (SELECT 1 FROM labels m WHERE m.src = l.src AND m.uri = l.uri AND m.val = l.val
                  AND coalesce(m.cid, '') = coalesce(l.cid, '') AND m.seq > l.seq)
  ORDER BY l.seq LIMIT $3`;
const SQL = {
  exact: CURRENT("l.uri = $1"),
  prefix: CURRENT("left(l.uri, length($1)) = $1"),
  all: CURRENT("$1::text IS NULL"),
};

const json = (row: Row) => ({
  ver: 1,
  src: row.src,
  uri: row.uri,
  ...(row.cid !== null && { cid: row.cid }),
  val: row.val,
  ...(row.neg && { neg: true }),
  cts: row.cts.toISOString(),
  ...(row.exp && { exp: row.exp.toISOString() }),
  sig: { $bytes: row.sig.toString("base64").replace(/=+$/, "") },
});

/** `unordered`: the same labels in any order, the cursor not compared (for a peer whose query has no ORDER BY). */
export type Oracle = { check(http: string, path: string, unordered?: boolean): Promise<string | undefined>; close(): Promise<void> };

/** Checks answers to `GET path` against the database; `didKey` verifies the signatures. */
export async function openOracle(databaseUrl: string, didKey: string): Promise<Oracle> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("SET TIME ZONE 'UTC'");
  // Prisma's timestamp(3) columns hold UTC without a zone: read them as UTC.
  client.setTypeParser(1114, (text: string) => new Date(`${text.replace(" ", "T")}Z`));
  return {
    async check(http, path, unordered = false) {
      const query = new URL(path, "http://x").searchParams;
      const [pattern] = query.getAll("uriPatterns");
      const limit = Number(query.get("limit") ?? 50);
      const cursor = Number(query.get("cursor") ?? 0);
      const [sql, match] = pattern === "*" ? [SQL.all, null] : pattern!.endsWith("*") ? [SQL.prefix, pattern!.slice(0, -1)] : [SQL.exact, pattern];
      const rows = (await client.query<Row>(sql, [match, cursor, limit + 1])).rows;
      const expected: Answer = { ...(rows.length > limit && { cursor: rows[limit - 1]!.seq }), labels: rows.slice(0, limit).map(json) };
      const response = await fetch(`${http}${path}`);
      if (response.status !== 200) return `${path}: ${response.status}`;
      const answer = (await response.json()) as Answer;
      const sorted = (labels: Record<string, unknown>[]) => labels.map((label) => JSON.stringify(label)).sort();
      const same = unordered
        ? JSON.stringify(sorted(answer.labels)) === JSON.stringify(sorted(expected.labels))
        : JSON.stringify(answer) === JSON.stringify(expected);
      if (!same) {
        return `${path}: ${answer.labels.length} labels (cursor ${answer.cursor}), expected ${expected.labels.length} (cursor ${expected.cursor})`;
      }
      for (const label of answer.labels.slice(0, 10)) {
        const { sig, ...unsigned } = label as Omit<SignedLabel, "sig"> & { sig: { $bytes: string } };
        if (!(await verifyLabel({ ...unsigned, sig: Buffer.from(sig.$bytes, "base64") }, didKey))) return `${path}: a label's signature does not verify`;
      }
      return undefined;
    },
    close: () => client.end(),
  };
}

/** Checks `paths` one after another; throws naming the first wrong answers. */
export async function checkAnswers(oracle: Oracle, http: string, paths: string[], name: string, unordered = false): Promise<void> {
  const wrong: string[] = [];
  for (const path of paths) {
    const problem = await oracle.check(http, path, unordered);
    if (problem) wrong.push(problem);
  }
  if (wrong.length) throw new Error(`${name}: ${wrong.length} of ${paths.length} sampled answers wrong, e.g. ${wrong.slice(0, 3).join("; ")}`);
}
