import type { Decision } from "./review-item";

/**
 * How the review page speaks of a batch: flags, or report subjects (decision 035), whose
 * three decisions are stored as the flags' (clear, defer, confirm) but read as dismiss,
 * decide later and the batch's act. `past` is how a decided item reads; `result` says
 * in the summary what a decision did.
 */
export type ReviewWords = {
  one: string;
  many: string;
  choices: Record<Decision, { label: string; past: string; result: string; key: string }>;
  /** Where the moderator goes for more items to batch. */
  source: { href: string; text: string };
};

export const flagWords: ReviewWords = {
  one: "flag",
  many: "flags",
  choices: {
    clear: { label: "Not infringing", past: "Not infringing", result: "Not infringing (flag cleared)", key: "Not infringing (clear the flag)" },
    defer: { label: "Decide later", past: "Decide later", result: "Decide later", key: "Decide later" },
    confirm: { label: "Infringing", past: "Infringing", result: "Infringing (flag confirmed)", key: "Infringing (confirm the flag)" },
  },
  source: { href: "/flags", text: "Pending flags" },
};

/** A report batch's words, its act being "Resolve", "Escalate" or "Label <value>". */
export function reportWords(act: string): ReviewWords {
  return {
    one: "subject",
    many: "subjects",
    choices: {
      clear: { label: "Dismiss", past: "Dismissed", result: "Dismissed", key: "Dismiss the reports" },
      defer: { label: "Decide later", past: "Decide later", result: "Decide later (still open)", key: "Decide later" },
      confirm: { label: act, past: act, result: act, key: `${act} (the batch's action)` },
    },
    source: { href: "/reports", text: "Reports inbox" },
  };
}

export const reviewWords = (act: string | null) => (act === null ? flagWords : reportWords(act));
