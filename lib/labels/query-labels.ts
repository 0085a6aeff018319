import { isValidDid } from "@atproto/syntax";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { describeZodError } from "@/lib/http/problems";
import type { StoredLabel } from "./label-codec";
import { labelToJson, type LabelJson } from "./label-codec";
import { LookupBatcher } from "./lookup-batcher";
import { prefixAuthority } from "./subject-authority";
import { LABEL_COLUMNS, labelSource } from "./stream/label-source";
import { labelStream } from "./stream/label-stream";

export const MAX_URI_PATTERNS = 100;
export const MAX_SOURCES = 100;
/** An at:// URI is at most 8 KB; a longer pattern can match nothing. */
const MAX_PATTERN_LENGTH = 8192;

// Postgres text cannot hold NUL, and no URI holds a control character.
const uriPatternSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_PATTERN_LENGTH, `must be at most ${MAX_PATTERN_LENGTH} characters`)
  .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters")
  .refine((pattern) => !pattern.slice(0, -1).includes("*"), "* is only allowed at the end of a pattern");

const integerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be an integer from ${min} to ${max}`);

export const queryLabelsQuerySchema = z.object({
  uriPatterns: z.array(uriPatternSchema).min(1, "give at least one (\"*\" for every subject)").max(MAX_URI_PATTERNS, `at most ${MAX_URI_PATTERNS}`),
  sources: z.array(z.string().refine(isValidDid, "must be a DID")).max(MAX_SOURCES, `at most ${MAX_SOURCES}`),
  limit: integerParam(1, 250).default(50),
  // The seq of the last label of the previous page.
  cursor: integerParam(0, Number.MAX_SAFE_INTEGER).optional(),
});

export type QueryLabelsQuery = z.infer<typeof queryLabelsQuerySchema>;
export type QueryLabelsOutput = { cursor?: string; labels: LabelJson[] };

/** Reads the XRPC query string: arrays as repeated parameters, anything else at most once. */
export function parseQueryLabelsQuery(query: URLSearchParams): QueryLabelsQuery {
  const single = (name: string) => {
    const values = query.getAll(name);
    if (values.length > 1) throw new AppError("invalid_request", `${name}: give it once`);
    return values[0];
  };
  const result = queryLabelsQuerySchema.safeParse({
    uriPatterns: query.getAll("uriPatterns"),
    sources: query.getAll("sources"),
    limit: single("limit"),
    cursor: single("cursor"),
  });
  if (!result.success) throw new AppError("invalid_request", describeZodError(result.error, "query"));
  return result.data;
}

/**
 * com.atproto.label.queryLabels: the current label of each (src, uri, cid, val) whose uri
 * matches a pattern (exact, or a prefix ending in `*`; `*` alone matches all), in seq order.
 * The cursor is the last seq of the page, present only when another page follows.
 */
export async function queryLabels(query: QueryLabelsQuery): Promise<QueryLabelsOutput> {
  const labels = await selectLabels(query);
  const page = labels.slice(0, query.limit);
  return {
    ...(labels.length > query.limit && { cursor: String(page.at(-1)!.seq) }),
    labels: page.map(labelToJson),
  };
}

/** queryLabels as the JSON bytes of its answer: from memory when it can answer exactly (decision 021), else from the database. */
export async function queryLabelsJson(query: QueryLabelsQuery): Promise<Buffer<ArrayBuffer>> {
  return labelStream()?.memory?.answer(query) ?? Buffer.from(JSON.stringify(await queryLabels(query)));
}

/** One more label than the page holds, to know whether another page follows. */
function selectLabels(query: QueryLabelsQuery): Promise<StoredLabel[]> {
  const single = singleLookup(query);
  if (single) return lookups().lookup(single);
  const { text, values } = queryLabelsSql(query);
  return labelSource().select(text, values);
}

/** The usual look-up: one subject, or one account's records, from every labeler, after a cursor. */
type SingleLookup = { kind: "exact" | "account"; authority: string; pattern: string; after: number; rows: number };

function singleLookup({ uriPatterns, sources, limit, cursor = 0 }: QueryLabelsQuery): SingleLookup | undefined {
  if (uriPatterns.length !== 1 || sources.length > 0 || uriPatterns[0] === "*") return undefined;
  const pattern = uriPatterns[0]!;
  const page = { after: cursor, rows: limit + 1 };
  if (!pattern.endsWith("*")) return { kind: "exact", authority: "", pattern, ...page };
  const prefix = pattern.slice(0, -1);
  const authority = prefixAuthority(prefix);
  return authority === undefined ? undefined : { kind: "account", authority, pattern: prefix, ...page };
}

// One statement answers many look-ups of a kind: each row of the unnest is one look-up, and
// the lateral subquery reads its heads in seq order, by the uri or the (authority, seq) index.
const BATCH_SQL = {
  exact: `SELECT q.n, ${LABEL_COLUMNS}
    FROM unnest($1::text[], $2::int8[], $3::int4[]) WITH ORDINALITY AS q(uri, after, lim, n)
    CROSS JOIN LATERAL (SELECT h.seq FROM label_heads h WHERE h.uri = q.uri AND h.seq > q.after ORDER BY h.seq LIMIT q.lim) h
    JOIN labels l ON l.seq = h.seq ORDER BY q.n, h.seq`,
  account: `SELECT q.n, ${LABEL_COLUMNS}
    FROM unnest($1::text[], $2::int8[], $3::int4[], $4::text[]) WITH ORDINALITY AS q(prefix, after, lim, authority, n)
    CROSS JOIN LATERAL (SELECT h.seq FROM label_heads h WHERE h.authority = q.authority AND h.uri ^@ q.prefix AND h.seq > q.after
                        ORDER BY h.seq LIMIT q.lim) h
    JOIN labels l ON l.seq = h.seq ORDER BY q.n, h.seq`,
};

async function runLookups(batch: SingleLookup[]): Promise<StoredLabel[][]> {
  const answers: StoredLabel[][] = [];
  const select = async (kind: SingleLookup["kind"]) => {
    const indexes = batch.flatMap((lookup, i) => (lookup.kind === kind ? [i] : []));
    if (indexes.length === 0) return;
    const of = <T>(field: (lookup: SingleLookup) => T) => indexes.map((i) => field(batch[i]!));
    const params = [of((l) => l.pattern), of((l) => l.after), of((l) => l.rows), ...(kind === "account" ? [of((l) => l.authority)] : [])];
    const groups = await labelSource().selectGroups(BATCH_SQL[kind], params, indexes.length);
    indexes.forEach((i, n) => (answers[i] = groups[n]!));
  };
  await Promise.all([select("exact"), select("account")]);
  return answers;
}

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLabelLookups?: LookupBatcher<SingleLookup, StoredLabel[]> };

/** The process's look-up batcher, one statement in flight per label-source connection. */
function lookups(): LookupBatcher<SingleLookup, StoredLabel[]> {
  return (globals.__wardenLabelLookups ??= new LookupBatcher(runLookups, labelSource().parallelism));
}


/**
 * One row more than the limit, to know whether another page follows. Exact URIs compare
 * with `IN`, prefixes with `^@` (starts_with): no LIKE, so `_`, `%`, `\` and case are
 * literal, and both use the SP-GiST index on label_heads.uri. A prefix that names an
 * account also compares label_heads.authority, so that one plan, made once per connection,
 * reads that account's heads in seq order (decision 007).
 */
export function queryLabelsSql({ uriPatterns, sources, limit, cursor = 0 }: QueryLabelsQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [cursor];
  const param = (value: unknown) => `$${values.push(value)}`;
  // Both sides bounded by the cursor, so that a join in seq order starts there.
  const conditions = ["h.seq > $1", "l.seq > $1"];
  if (!uriPatterns.includes("*")) {
    const exact = uriPatterns.filter((pattern) => !pattern.endsWith("*"));
    const prefixes = new Set(uriPatterns.filter((pattern) => pattern.endsWith("*")).map((pattern) => pattern.slice(0, -1)));
    // One parameter per exact URI: Postgres can estimate `IN ($2, $3)` without the values,
    // so it settles on one plan for the statement (planning cost more than running it).
    const exactTerm = `h.uri IN (${[...new Set(exact)].map((uri) => param(uri)).join(", ")})`;
    const prefixTerm = (prefix: string) => {
      const authority = prefixAuthority(prefix);
      return authority === undefined ? `h.uri ^@ ${param(prefix)}` : `(h.authority = ${param(authority)} AND h.uri ^@ ${param(prefix)})`;
    };
    const terms = [...(exact.length ? [exactTerm] : []), ...[...prefixes].map(prefixTerm)];
    conditions.push(`(${terms.join(" OR ")})`);
  }
  if (sources.length) conditions.push(`h.src = ANY(${param(sources)}::text[])`);
  const text = `SELECT ${LABEL_COLUMNS} FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE ${conditions.join(" AND ")} ORDER BY h.seq LIMIT ${param(limit + 1)}`;
  return { text, values };
}
