import type { TriageRunStatus } from "@/lib/db/generated/enums";
import { Badge, type BadgeTone } from "../badge";

const tones: Record<TriageRunStatus, BadgeTone> = {
  running: "accent",
  completed: "neutral",
  stopped: "warning",
  failed: "danger",
  abandoned: "danger",
};

export function RunStatusBadge({ status }: { status: TriageRunStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
