import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

export const AUDIT_PAGE_SIZE = 50;
const MAX_ID = 9_223_372_036_854_775_807n;

/** A form field left empty arrives as "": treat it as not given. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const filterText = (field: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${field} must be given once` })
      .trim()
      .max(max, `${field} must be at most ${max} characters`)
      .optional(),
  );

export const auditQuerySchema = z.object({
  before: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "before must be given once" })
      .refine((value) => /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_ID, "before must be an audit entry id")
      .optional(),
  ),
  actor: filterText("actor", 200),
  action: filterText("action", 100),
  subject: filterText("subject", 8192),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditRow = {
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  detail: Prisma.JsonValue | null;
};

export type AuditPage = { entries: AuditRow[]; olderBefore: string | null };

/**
 * One page of the audit log, newest first, keyset-paginated by id (`before` is
 * exclusive). Filters match actor, action and subject exactly.
 */
export async function queryAuditLog(query: AuditQuery, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const rows = await db().auditEntry.findMany({
    where: {
      ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.subject ? { subject: query.subject } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({ ...row, id: row.id.toString() })),
    olderBefore: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
