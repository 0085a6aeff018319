import { databaseKind, pingDatabase } from "@/lib/db";
import { isDatabaseReady } from "@/lib/db/readiness";

export type Health = {
  status: "ok" | "unavailable";
  version: string;
  database: { kind: "embedded" | "postgres"; status: "ok" | "migrating" | "down" };
};

/** Ready means: migrations applied at start and the database answering now. */
export async function checkHealth(): Promise<Health> {
  const version = process.env.WARDEN_VERSION ?? "dev";
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
  return { status: status === "ok" ? "ok" : "unavailable", version, database: { kind, status } };
}
