import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { labelStatus } from "@/lib/labels/label-status";
import { FLAG_VAL, type FlagStatus } from "./flag-definition";

/** One scanner match (lib/labels/subject-context.ts); the optional fields are plyr.fm's AuDD extras. */
export type Match = { title: string; artist: string; score: number; album?: string; isrc?: string; timecode?: string; offset_ms?: number; song_link?: string };

export type FlagContext = {
  trackId: string | null;
  trackTitle: string | null;
  artistHandle: string | null;
  artistDid: string | null;
  highestScore: number | null;
  matches: Match[];
  resolutionReason: string | null;
  resolutionNotes: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
};

/** One flag: the current state of one label head, with what the scanner said about it. */
export type Flag = {
  uri: string;
  /** "" when the label is not pinned to a record version. */
  cid: string;
  val: string;
  status: FlagStatus;
  /** The flag label (for a resolved flag, the emission its negation withdrew). */
  seq: number;
  flaggedAt: Date;
  /** The head's seq: the latest emission, the negation for a resolved flag. */
  headSeq: number;
  headAt: Date;
  context: FlagContext | null;
};

type Row = {
  uri: string;
  cid: string;
  val: string;
  head_seq: bigint;
  neg: boolean;
  exp: Date | null;
  head_cts: Date;
  flag_seq: bigint;
  flag_cts: Date;
  has_context: boolean;
  track_id: string | null;
  track_title: string | null;
  artist_handle: string | null;
  artist_did: string | null;
  highest_score: number | null;
  matches: unknown;
  resolution_reason: string | null;
  resolution_notes: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
};

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/** A flag head with its label, context and (for a negated head) the emission it withdrew. */
const FLAG_ROWS = Prisma.sql`
    SELECT h.uri, h.cid, h.val, h.seq AS head_seq, l.neg, l.exp, l.cts AS head_cts,
           COALESCE(f.seq, h.seq) AS flag_seq, COALESCE(f.cts, l.cts) AS flag_cts,
           c.uri IS NOT NULL AS has_context, c.track_id, c.track_title, c.artist_handle, c.artist_did,
           c.highest_score, c.matches, c.resolution_reason, c.resolution_notes, c.resolved_by, c.resolved_at
    FROM label_heads h
    JOIN labels l ON l.seq = h.seq
    LEFT JOIN subject_contexts c ON c.uri = h.uri
    LEFT JOIN LATERAL (
      SELECT p.seq, p.cts FROM labels p
      WHERE l.neg AND p.src = h.src AND p.uri = h.uri AND p.val = h.val AND NOT p.neg
        AND COALESCE(p.cid, '') = h.cid
      ORDER BY p.seq DESC LIMIT 1
    ) f ON true`;

/**
 * Every flag head on these subjects, newest head first. The lateral join finds a
 * resolved flag's own emission only for negated heads, so pending ones cost nothing.
 */
export async function loadFlags(uris: readonly string[], val = FLAG_VAL, client: Reader = db()): Promise<Flag[]> {
  if (uris.length === 0) return [];
  const rows = await client.$queryRaw<Row[]>`${FLAG_ROWS}
    WHERE h.src = ${labelerDid()} AND h.val = ${val} AND h.uri = ANY(${[...uris]}::text[])
    ORDER BY h.seq DESC`;
  const now = new Date();
  return rows.map((row) => toFlag(row, now));
}

/**
 * Flag heads newest first, below `before`, in one pass over label_heads(src, val, seq):
 * for walking every flag, where visiting each head once beats picking pages by state.
 * `state` filters with the same reading as toFlag (labelStatus).
 */
export async function scanFlags(state: "pending" | "resolved" | "all", before: number | undefined, take: number): Promise<Flag[]> {
  const now = new Date();
  const condition =
    state === "pending" ? Prisma.sql`AND NOT l.neg AND (l.exp IS NULL OR l.exp > ${now})` : state === "resolved" ? Prisma.sql`AND l.neg` : Prisma.empty;
  const rows = await db().$queryRaw<Row[]>`${FLAG_ROWS}
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL} ${before ? Prisma.sql`AND h.seq < ${before}` : Prisma.empty} ${condition}
    ORDER BY h.seq DESC LIMIT ${take}`;
  return rows.map((row) => toFlag(row, now));
}

function toFlag(row: Row, now: Date): Flag {
  const state = labelStatus(row, now);
  return {
    uri: row.uri,
    cid: row.cid,
    val: row.val,
    status: state === "active" ? "pending" : state === "negated" ? "resolved" : "expired",
    seq: Number(row.flag_seq),
    flaggedAt: row.flag_cts,
    headSeq: Number(row.head_seq),
    headAt: row.head_cts,
    context: row.has_context
      ? {
          trackId: row.track_id,
          trackTitle: row.track_title,
          artistHandle: row.artist_handle,
          artistDid: row.artist_did,
          highestScore: row.highest_score,
          matches: readMatches(row.matches),
          resolutionReason: row.resolution_reason,
          resolutionNotes: row.resolution_notes,
          resolvedBy: row.resolved_by,
          resolvedAt: row.resolved_at,
        }
      : null,
  };
}

/** Stored matches were validated on the way in; this only guards the types. */
export function readMatches(value: unknown): Match[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (m): m is Match => typeof m?.title === "string" && typeof m?.artist === "string" && typeof m?.score === "number",
  );
}

/** The latest head per subject: what a batch item or a detail page shows. */
export function latestPerUri(flags: Flag[]): Map<string, Flag> {
  const byUri = new Map<string, Flag>();
  for (const flag of flags) if (!byUri.has(flag.uri) || byUri.get(flag.uri)!.headSeq < flag.headSeq) byUri.set(flag.uri, flag);
  return byUri;
}
