export type LabelStatus = "active" | "negated" | "expired";

/** Where a label's latest emission leaves it: withdrawn, past its exp, or in force. */
export function labelStatus(label: { neg: boolean; exp: Date | null }, now = new Date()): LabelStatus {
  if (label.neg) return "negated";
  if (label.exp && label.exp <= now) return "expired";
  return "active";
}
