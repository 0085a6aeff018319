// The report reasons of the lexicons: com.atproto.moderation.defs (legacy) and
// tools.ozone.report.defs (current). A labeler declares which it takes in its
// app.bsky.labeler.service record; the Bluesky app sends a legacy reason when only
// the legacy equivalent of a new one is declared, and Ozone accepts a new reason
// when its legacy equivalent is declared: Warden does the same.
const LEGACY = "com.atproto.moderation.defs#reason";
const OZONE = "tools.ozone.report.defs#reason";

export const legacyReasons = ["Spam", "Violation", "Misleading", "Sexual", "Rude", "Other", "Appeal"].map((name) => `${LEGACY}${name}`);

const ozoneGroups: Record<string, string[]> = {
  "": ["Appeal", "Other"],
  Violence: ["Animal", "Threats", "GraphicContent", "Glorification", "ExtremistContent", "Trafficking", "Other"],
  Sexual: ["AbuseContent", "NCII", "Deepfake", "Animal", "Unlabeled", "Other"],
  ChildSafety: ["CSAM", "Groom", "Privacy", "Harassment", "Other"],
  Harassment: ["Troll", "Targeted", "HateSpeech", "Doxxing", "Other"],
  Misleading: ["Bot", "Impersonation", "Spam", "Scam", "Elections", "Other"],
  Rule: ["SiteSecurity", "ProhibitedSales", "BanEvasion", "Other"],
  SelfHarm: ["Content", "ED", "Stunts", "Substances", "Other"],
};

export const ozoneReasons = Object.entries(ozoneGroups).flatMap(([group, names]) => names.map((name) => `${OZONE}${group}${name}`));

export const APPEAL_REASONS: ReadonlySet<string> = new Set([`${LEGACY}Appeal`, `${OZONE}Appeal`]);

export const knownReasons: ReadonlySet<string> = new Set([...legacyReasons, ...ozoneReasons]);
const known = knownReasons;

/** The legacy reason a new one falls back to, by group (MisleadingSpam → Spam, RuleOther → Violation...). */
export function legacyEquivalent(reason: string): string | null {
  if (!reason.startsWith(OZONE) || !known.has(reason)) return null;
  const name = reason.slice(OZONE.length);
  if (name === "MisleadingSpam") return `${LEGACY}Spam`;
  const legacy =
    name === "Appeal" ? "Appeal"
    : name === "Other" ? "Other"
    : name.startsWith("Sexual") ? "Sexual"
    : name.startsWith("Harassment") ? "Rude"
    : name.startsWith("Misleading") ? "Misleading"
    : "Violation"; // Violence, ChildSafety, Rule and SelfHarm
  return `${LEGACY}${legacy}`;
}

/**
 * Whether a reason is one this labeler takes: a known reason, declared (directly or
 * through its legacy equivalent), or any known reason when the declaration lists none
 * (null: the field is absent, which the app reads as "all reasons").
 */
export function isAcceptedReason(reason: string, declared: readonly string[] | null): boolean {
  if (!known.has(reason)) return false;
  if (declared === null) return true;
  if (declared.includes(reason)) return true;
  const legacy = legacyEquivalent(reason);
  return legacy !== null && declared.includes(legacy);
}

/** A short name for display: "MisleadingSpam", "Spam". */
export const shortReason = (reason: string): string => reason.replace(OZONE, "").replace(LEGACY, "");
