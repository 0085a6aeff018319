import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { labelStatus, type LabelStatus } from "./label-status";

export const LABEL_PAGE_SIZE = 50;
const MAX_SEQ = 9_007_199_254_740_991n;

/** A form field left empty arrives as "": treat it as not given. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const text = (field: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: `${field} must be given once` }).trim().max(max, `${field} must be at most ${max} characters`).optional(),
  );

/** The dashboard's filters. A subject ending in `*` is a prefix; otherwise it matches exactly. */
export const labelSearchSchema = z.object({
  subject: text("subject", 2000),
  val: text("value", 128),
  src: text("source", 2000),
  before: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "before must be given once" })
      .refine((value) => /^[1-9]\d{0,15}$/.test(value) && BigInt(value) <= MAX_SEQ, "before must be a label seq")
      .optional(),
  ),
});
export type LabelSearch = z.infer<typeof labelSearchSchema>;

export type CurrentLabel = {
  seq: string;
  src: string;
  uri: string;
  cid: string | null;
  val: string;
  neg: boolean;
  cts: Date;
  exp: Date | null;
  status: LabelStatus;
};

export type LabelSearchPage = { labels: CurrentLabel[]; olderBefore: string | null };

type Row = Omit<CurrentLabel, "seq" | "status"> & { seq: bigint };

/**
 * The current state of each (src, uri, cid, val) matching the filters, newest first,
 * keyset-paginated by seq (`before` is exclusive).
 */
export async function searchLabels(search: LabelSearch, limit = LABEL_PAGE_SIZE): Promise<LabelSearchPage> {
  const conditions: Prisma.Sql[] = [];
  if (search.subject?.endsWith("*")) {
    const prefix = search.subject.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(Prisma.sql`h.uri LIKE ${`${prefix}%`} ESCAPE '\\'`);
  } else if (search.subject) {
    conditions.push(Prisma.sql`h.uri = ${search.subject}`);
  }
  if (search.val) conditions.push(Prisma.sql`h.val = ${search.val}`);
  if (search.src) conditions.push(Prisma.sql`h.src = ${search.src}`);
  if (search.before) conditions.push(Prisma.sql`h.seq < ${BigInt(search.before)}`);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

  const rows = await db().$queryRaw<Row[]>`
    SELECT l.seq, l.src, l.uri, l.cid, l.val, l.neg, l.cts, l.exp
    FROM label_heads h JOIN labels l ON l.seq = h.seq
    ${where}
    ORDER BY h.seq DESC
    LIMIT ${limit + 1}`;
  const now = new Date();
  const page = rows.slice(0, limit);
  return {
    labels: page.map((row) => ({ ...row, seq: row.seq.toString(), status: labelStatus(row, now) })),
    olderBefore: rows.length > limit ? (page.at(-1)?.seq.toString() ?? null) : null,
  };
}
