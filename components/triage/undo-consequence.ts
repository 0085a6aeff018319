import type { Pipeline } from "@/lib/triage/verdicts";

/** What an undo does, said before it is confirmed. */
export const undoConsequence: Record<Pipeline, string> = {
  flags: "A new copyright-violation label puts the flag back in force, pending for a moderator.",
  reports: "The report subject is reopened in the inbox for a moderator.",
  relay: "The event goes back to pending and its delivery is cancelled; if the relay already has it, it keeps its copy.",
};
