import type { PubkeyTrust } from "@/lib/db/generated/enums";
import { Badge, type BadgeTone } from "../badge";

const tones: Record<PubkeyTrust, BadgeTone> = { blocked: "danger", unknown: "muted", member: "neutral", trusted: "accent" };

export function TierBadge({ tier }: { tier: PubkeyTrust }) {
  return (
    <Badge tone={tones[tier]} testId="tier-badge">
      {tier}
    </Badge>
  );
}
