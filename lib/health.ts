import { databaseKind, pingDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { isDatabaseReady } from "@/lib/db/readiness";
import { triageDisabledReason } from "@/lib/triage/settings";

export type Health = {
  status: "ok" | "unavailable";
  version: string;
  database: { kind: "embedded" | "postgres"; status: "ok" | "migrating" | "down" };
  /** Disabled (without ANTHROPIC_API_KEY) is a setting, not a fault: it does not affect status. */
  triage: { status: "enabled" | "disabled"; reason?: string };
};

/** Ready means: migrations applied at start and the database answering now. */
export async function checkHealth(): Promise<Health> {
  const version = env().WARDEN_VERSION;
  const kind = databaseKind();
  let status: Health["database"]["status"] = "ok";
  if (!isDatabaseReady()) status = "migrating";
  else {
    try {
      await pingDatabase();
    } catch {
      status = "down";
    }
  }
  const disabled = triageDisabledReason();
  const triage: Health["triage"] = disabled ? { status: "disabled", reason: disabled } : { status: "enabled" };
  return { status: status === "ok" ? "ok" : "unavailable", version, database: { kind, status }, triage };
}
