import { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import type { AuditEntry } from "./audit-actions";

export type { AuditAction, AuditEntry } from "./audit-actions";

type AuditWriter = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Appends entries to the audit log in one statement, inside the caller's transaction
 * when given (pass it: an entry belongs to the change it records). The one way to
 * write the log: the action names and their details are typed in audit-actions.ts.
 */
export async function recordAudit(entries: AuditEntry | readonly AuditEntry[], client: AuditWriter = db()): Promise<void> {
  const list: readonly AuditEntry[] = Array.isArray(entries) ? entries : [entries as AuditEntry];
  if (list.length === 0) return;
  await client.$executeRaw(auditInsert(list));
}

/**
 * The INSERT that appends the entries, for a writer that sends it inside a larger
 * statement (a data-modifying WITH) to spare a round trip under a lock.
 */
export function auditInsert(entries: readonly AuditEntry[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO audit_log (at, actor, action, subject, detail)
    SELECT now() AT TIME ZONE 'UTC', t.actor, t.action, t.subject, t.detail::jsonb
    FROM unnest(${entries.map((entry) => entry.actor)}::text[], ${entries.map((entry) => entry.action)}::text[],
                ${entries.map((entry) => entry.subject ?? null)}::text[],
                ${entries.map((entry) => (entry.detail === undefined ? null : JSON.stringify(entry.detail)))}::text[])
      AS t(actor, action, subject, detail)`;
}
