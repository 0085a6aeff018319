import { isValidDid } from "@atproto/syntax";
import { z } from "zod";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { knownReasons } from "./reason-types";
import { decodeSubjectCursor, encodeSubjectCursor } from "./subject-cursor";
import type { SubjectRef } from "./subject";

export const subjectStates = ["open", "escalated", "resolved", "dismissed"] as const;
export const subjectSorts = ["recent", "oldest", "count"] as const;
export const subjectNetworks = ["atproto", "nostr"] as const;
export const SUBJECT_PAGE_SIZE = 50;

/** The inbox's filter form sends an empty field for "any". */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const listSubjectsQuerySchema = z.object({
  state: z.enum(subjectStates, { error: `must be one of ${subjectStates.join(", ")}` }).default("open"),
  sort: z.enum(subjectSorts, { error: `must be one of ${subjectSorts.join(", ")}` }).default("recent"),
  network: z.enum(subjectNetworks, { error: "must be atproto or nostr" }).optional(),
  reason: blankAsAbsent(z.string().max(256).refine((reason) => knownReasons.has(reason), "must be a report reason type (com.atproto.moderation.defs#… or tools.ozone.report.defs#…)")),
  author: blankAsAbsent(z.string().trim().max(2048).refine((author) => isValidDid(author) || /^[0-9a-f]{64}$/.test(author), "must be a DID or a Nostr pubkey (64 lowercase hex characters)")),
  limit: z.coerce.number().int().min(1).max(100).default(SUBJECT_PAGE_SIZE),
  cursor: z.string().max(512).optional(),
});

export type ListSubjectsQuery = z.infer<typeof listSubjectsQuerySchema>;

/** One inbox row, as GET /api/reports answers it. */
export type SubjectSummary = {
  id: number;
  subject: SubjectRef;
  kind: string;
  author: string | null;
  state: ReportSubjectState;
  appealed: boolean;
  reportCount: number;
  reporterCount: number;
  weight: number;
  reasonTypes: string[];
  firstReportedAt: string;
  lastReportedAt: string;
  claimedBy: string | null;
  claimedUntil: string | null;
};

type Row = Prisma.ReportSubjectGetPayload<object>;

export function subjectSummary(row: Row): SubjectSummary {
  return {
    id: row.id,
    subject: row.subject as SubjectRef,
    kind: row.kind,
    author: row.author,
    state: row.state,
    appealed: row.appealed,
    reportCount: row.reportCount,
    reporterCount: row.reporterCount,
    weight: row.weight,
    reasonTypes: row.reasonTypes ?? [],
    firstReportedAt: row.firstReportedAt.toISOString(),
    lastReportedAt: row.lastReportedAt.toISOString(),
    claimedBy: row.claimedUntil && row.claimedUntil > new Date() ? row.claimedBy : null,
    claimedUntil: row.claimedUntil && row.claimedUntil > new Date() ? row.claimedUntil.toISOString() : null,
  };
}

/**
 * One page of report subjects in a state: most recently reported first (default),
 * oldest first, or most reported first; keyset-paged on (sort value, id).
 */
export async function listSubjects(query: ListSubjectsQuery): Promise<{ subjects: SubjectSummary[]; cursor?: string }> {
  const cursor = query.cursor ? decodeSubjectCursor(query.cursor) : null;
  if (cursor && cursor.s !== query.sort) throw new AppError("invalid_request", "cursor: from a list in another order");

  const where = subjectFilter(query);
  const after: Prisma.ReportSubjectWhereInput[] = [];
  if (cursor) {
    const id = cursor.id;
    if (query.sort === "count") {
      const v = Number(cursor.v);
      after.push({ OR: [{ reportCount: { lt: v } }, { reportCount: v, id: { lt: id } }] });
    } else {
      const v = new Date(String(cursor.v));
      after.push(
        query.sort === "recent"
          ? { OR: [{ lastReportedAt: { lt: v } }, { lastReportedAt: v, id: { lt: id } }] }
          : { OR: [{ lastReportedAt: { gt: v } }, { lastReportedAt: v, id: { gt: id } }] },
      );
    }
  }
  const orderBy: Prisma.ReportSubjectOrderByWithRelationInput[] =
    query.sort === "count" ? [{ reportCount: "desc" }, { id: "desc" }]
    : query.sort === "recent" ? [{ lastReportedAt: "desc" }, { id: "desc" }]
    : [{ lastReportedAt: "asc" }, { id: "asc" }];

  const rows = await db().reportSubject.findMany({ where: { AND: [where, ...after] }, orderBy, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last;
  return {
    subjects: page.map(subjectSummary),
    ...(more && {
      cursor: encodeSubjectCursor({ s: query.sort, v: query.sort === "count" ? last.reportCount : last.lastReportedAt.toISOString(), id: last.id }),
    }),
  };
}

/** The subjects in the query's state matching its filters. */
function subjectFilter(query: ListSubjectsQuery): Prisma.ReportSubjectWhereInput {
  const where: Prisma.ReportSubjectWhereInput = { state: query.state };
  if (query.network) where.kind = query.network === "nostr" ? { startsWith: "nostr_" } : { in: ["account", "record"] };
  if (query.reason) where.reasonTypes = { has: query.reason };
  if (query.author) where.author = query.author;
  return where;
}

/** How many subjects listSubjects pages through for this query (the inbox's "of N"). */
export async function countSubjects(query: ListSubjectsQuery): Promise<number> {
  return db().reportSubject.count({ where: subjectFilter(query) });
}
