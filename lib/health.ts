import { databaseKind, pingDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { isDatabaseReady } from "@/lib/db/readiness";
import { labelStream } from "@/lib/labels/stream/label-stream";
import { triageDisabledReason } from "@/lib/triage/settings";

export type Health = {
  status: "ok" | "unavailable";
  version: string;
  database: { kind: "embedded" | "postgres"; status: "ok" | "migrating" | "down" };
  /** Disabled (without ANTHROPIC_API_KEY) is a setting, not a fault: it does not affect status. */
  triage: { status: "enabled" | "disabled"; reason?: string };
  /** queryLabels from memory (decision 021): loading, or ready with the current labels it holds; off when disabled or before the stream starts. */
  labelsInMemory: { status: "off" | "loading" | "ready" | "over-budget"; labels?: number };
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
  const memory = labelStream()?.memory;
  const labelsInMemory: Health["labelsInMemory"] = !memory ? { status: "off" } : memory.ready ? { status: "ready", labels: memory.size } : { status: memory.state };
  return { status: status === "ok" ? "ok" : "unavailable", version, database: { kind, status }, triage, labelsInMemory };
}
