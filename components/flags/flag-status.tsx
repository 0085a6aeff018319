import type { FlagStatus } from "@/lib/flags/flag-definition";
import { Badge, type BadgeTone } from "../badge";

const tones: Record<FlagStatus, BadgeTone> = { pending: "warning", resolved: "accent", expired: "muted" };

export function FlagStatusBadge({ status }: { status: FlagStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
