import type { LabelStatus } from "@/lib/labels/label-status";
import { Badge, type BadgeTone } from "./badge";

const tones: Record<LabelStatus, BadgeTone> = { active: "accent", negated: "muted", expired: "warning" };

export function LabelStatusBadge({ status }: { status: LabelStatus }) {
  return (
    <Badge tone={tones[status]} testId="label-status">
      {status}
    </Badge>
  );
}
