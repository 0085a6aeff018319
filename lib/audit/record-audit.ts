import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db";

export type AuditInput = {
  actor: string;
  action: string;
  subject?: string;
  detail?: Prisma.InputJsonValue;
};

type AuditWriter = Pick<Prisma.TransactionClient, "auditEntry">;

/** Appends one entry to the audit log, inside the caller's transaction when given. */
export async function recordAudit(entry: AuditInput, client: AuditWriter = db()): Promise<void> {
  await client.auditEntry.create({ data: entry });
}
