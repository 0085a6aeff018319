import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/db/generated/client";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { FLAG_VAL } from "./flag-definition";
import { decodeCursor, encodeCursor, type FlagCursor } from "./flag-cursor";
import { loadFlags, scanFlags, type Flag } from "./load-flags";

export const FLAG_PAGE_SIZE = 50;
export const MAX_FLAG_PAGE = 1000;

/** A form field left empty arrives as "": treat it as not given. */
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const listFlagsQuerySchema = z.object({
  filter: z.preprocess(blank, z.enum(["pending", "resolved", "all"]).default("pending")),
  q: z.preprocess(blank, z.string().trim().max(200, "must be at most 200 characters").optional()),
  sort: z.preprocess(blank, z.enum(["newest", "score"]).default("newest")),
  cursor: z.preprocess(blank, z.string().max(12_000).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(MAX_FLAG_PAGE).optional()),
});
export type ListFlagsQuery = z.infer<typeof listFlagsQuerySchema>;

export type FlagPage = { flags: Flag[]; nextCursor: string | null };

type Key = { uri: string; cid: string; seq: bigint; score?: number | null };

/**
 * One page of flags, keyset-paginated, so page 2,000 costs what page 1 does. Reads
 * only keys in index order, then loads the page's flags (lib/flags/load-flags.ts).
 */
export async function listFlags(query: ListFlagsQuery, defaultLimit = FLAG_PAGE_SIZE): Promise<FlagPage> {
  const limit = query.limit ?? defaultLimit;
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const where = [sourceAndValue(query.filter), statusCondition(query.filter), ...search(query.q)];

  let keys: Key[];
  let next: FlagCursor | undefined;
  if (query.sort === "newest") {
    if (cursor && cursor.k !== "newest") throw wrongCursor();
    keys = await headKeys(where, query.filter, cursor?.seq, limit + 1);
    if (keys.length > limit) next = { k: "newest", seq: Number(keys[limit - 1]!.seq) };
  } else {
    if (cursor?.k === "newest") throw wrongCursor();
    keys = cursor?.k === "unscored" ? [] : await scoredKeys(where, cursor, limit + 1);
    if (keys.length <= limit) {
      const after = cursor?.k === "unscored" ? cursor.seq : undefined;
      keys = [...keys, ...(await headKeys([...where, Prisma.sql`c.highest_score IS NULL`], query.filter, after, limit + 1 - keys.length))];
    }
    if (keys.length > limit) next = scoreCursor(keys[limit - 1]!);
  }

  const page = keys.slice(0, limit);
  const flags = await loadFlags([...new Set(page.map((key) => key.uri))]);
  const byKey = new Map(flags.map((flag) => [`${flag.uri} ${flag.cid}`, flag]));
  return {
    flags: page.map((key) => byKey.get(`${key.uri} ${key.cid}`)).filter((flag): flag is Flag => flag !== undefined),
    nextCursor: next ? encodeCursor(next) : null,
  };
}

/**
 * Every flag that matches, page by page in the list's order: what plyr.fm's clients
 * get when they ask without `limit` or `cursor` (its service answered every match).
 * Newest first without a search is one pass over the heads (scanFlags); the other
 * orders walk the list's own pages.
 */
export async function* allFlags(query: Omit<ListFlagsQuery, "cursor" | "limit">, pageSize = MAX_FLAG_PAGE): AsyncGenerator<Flag[]> {
  if (query.sort === "newest" && !query.q) {
    for (let before: number | undefined; ; ) {
      const flags = await scanFlags(query.filter, before, pageSize);
      if (flags.length) yield flags;
      if (flags.length < pageSize) return;
      before = flags.at(-1)!.headSeq;
    }
  }
  let cursor: string | undefined;
  do {
    const page = await listFlags({ ...query, cursor, limit: pageSize });
    yield page.flags;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** On the labels table when the view is by state, so the index's leading columns apply. */
function sourceAndValue(filter: ListFlagsQuery["filter"]): Prisma.Sql {
  const src = labelerDid();
  return filter === "all" ? Prisma.sql`h.src = ${src} AND h.val = ${FLAG_VAL}` : Prisma.sql`l.src = ${src} AND l.val = ${FLAG_VAL}`;
}

function statusCondition(filter: ListFlagsQuery["filter"]): Prisma.Sql {
  if (filter === "resolved") return Prisma.sql`l.neg`;
  if (filter === "pending") return Prisma.sql`NOT l.neg AND (l.exp IS NULL OR l.exp > ${new Date()})`;
  return Prisma.sql`true`;
}

/** A URI (or its start) matches by prefix on the index; other text anywhere in title, artist or URI. */
function search(q: string | undefined): Prisma.Sql[] {
  if (!q) return [];
  if (/^(at:\/\/|did:)/.test(q)) return [Prisma.sql`h.uri ^@ ${q}`];
  const pattern = `%${q.replace(/^@/, "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [Prisma.sql`(c.track_title ILIKE ${pattern} OR c.artist_handle ILIKE ${pattern} OR h.uri ILIKE ${pattern})`];
}

const and = (conditions: Prisma.Sql[]) => Prisma.join(conditions, " AND ");

/** Heads newest first: by state through label windows, or all heads (label_heads_src_val_seq_idx). */
function headKeys(conditions: Prisma.Sql[], filter: ListFlagsQuery["filter"], before: number | undefined, take: number): Promise<Key[]> {
  if (filter !== "all") return stateKeys(conditions, filter === "resolved", before, take);
  const all = before ? [...conditions, Prisma.sql`h.seq < ${before}`] : conditions;
  return db().$queryRaw<Key[]>`
    SELECT h.uri, h.cid, h.seq, c.highest_score AS score FROM label_heads h
    JOIN labels l ON l.seq = h.seq
    LEFT JOIN subject_contexts c ON c.uri = h.uri
    WHERE ${and(all)}
    ORDER BY h.seq DESC LIMIT ${take}`;
}

/**
 * Pending (or resolved) heads newest first. A window of this state's labels comes
 * straight off labels_src_val_neg_seq_idx (index only); those that are still their
 * subject's head, and match, are kept. Windows grow fourfold until the page is full,
 * so neither a run of recent negations nor a rare search term means a long scan.
 */
async function stateKeys(conditions: Prisma.Sql[], neg: boolean, before: number | undefined, take: number): Promise<Key[]> {
  const keys: Key[] = [];
  let from = before;
  for (let size = Math.max(2 * take, 100); keys.length < take; size *= 4) {
    const window = await db().$queryRaw<{ seq: bigint }[]>`
      SELECT seq FROM labels
      WHERE src = ${labelerDid()} AND val = ${FLAG_VAL} AND neg = ${neg} ${from ? Prisma.sql`AND seq < ${from}` : Prisma.empty}
      ORDER BY seq DESC LIMIT ${size}`;
    if (window.length === 0) break;
    keys.push(
      ...(await db().$queryRaw<Key[]>`
        SELECT h.uri, h.cid, h.seq, c.highest_score AS score FROM labels l
        JOIN label_heads h ON h.seq = l.seq
        LEFT JOIN subject_contexts c ON c.uri = h.uri
        WHERE l.seq = ANY(${window.map((row) => row.seq.toString())}::bigint[]) AND ${and(conditions)}
        ORDER BY l.seq DESC LIMIT ${take - keys.length}`),
    );
    if (window.length < size) break;
    from = Number(window.at(-1)!.seq);
  }
  return keys;
}

/** Scored flags by (score, uri, seq) descending, driven by subject_contexts_highest_score_uri_idx. */
function scoredKeys(where: Prisma.Sql[], cursor: FlagCursor | undefined, take: number): Promise<Key[]> {
  const after = cursor?.k === "scored" ? [Prisma.sql`(c.highest_score, c.uri, h.seq) < (${cursor.score}, ${cursor.uri}, ${cursor.seq})`] : [];
  return db().$queryRaw<Key[]>`
    SELECT h.uri, h.cid, h.seq, c.highest_score AS score FROM subject_contexts c
    JOIN label_heads h ON h.uri = c.uri AND h.src = ${labelerDid()} AND h.val = ${FLAG_VAL}
    JOIN labels l ON l.seq = h.seq
    WHERE c.highest_score IS NOT NULL AND ${and([...where, ...after])}
    ORDER BY c.highest_score DESC, c.uri DESC, h.seq DESC LIMIT ${take}`;
}

function scoreCursor(key: Key): FlagCursor {
  return key.score === null || key.score === undefined
    ? { k: "unscored", seq: Number(key.seq) }
    : { k: "scored", score: key.score, uri: key.uri, seq: Number(key.seq) };
}

const wrongCursor = () => new AppError("invalid_request", "cursor: from a list with another sort order");
