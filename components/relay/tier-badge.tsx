import type { PubkeyTrust } from "@/lib/db/generated/enums";

const tones: Record<PubkeyTrust, string> = {
  blocked: "border-danger/50 bg-danger-soft text-danger",
  unknown: "border-line bg-surface-raised text-muted",
  member: "border-line bg-surface-raised text-foreground",
  trusted: "border-accent/50 bg-accent-soft text-foreground",
};

export function TierBadge({ tier }: { tier: PubkeyTrust }) {
  return (
    <span data-testid="tier-badge" className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${tones[tier]}`}>
      {tier}
    </span>
  );
}
