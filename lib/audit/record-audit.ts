import type { Prisma } from "@/lib/db/generated/client";
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
  await client.$executeRaw`
    INSERT INTO audit_log (at, actor, action, subject, detail)
    SELECT now() AT TIME ZONE 'UTC', t.actor, t.action, t.subject, t.detail::jsonb
    FROM unnest(${list.map((entry) => entry.actor)}::text[], ${list.map((entry) => entry.action)}::text[],
                ${list.map((entry) => entry.subject ?? null)}::text[],
                ${list.map((entry) => (entry.detail === undefined ? null : JSON.stringify(entry.detail)))}::text[])
      AS t(actor, action, subject, detail)`;
}
