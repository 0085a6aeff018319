import { AppError } from "@/lib/errors";
import { FLAG_VAL, type ResolutionReason } from "@/lib/flags/flag-definition";
import { latestPerUri, loadFlags, type Flag } from "@/lib/flags/load-flags";
import { resolveFlags } from "@/lib/flags/resolve-flag";
import { contentExists } from "./content-exists";
import type { Answered, LoadedItem, RunContext, TriagePipeline } from "./pipeline";
import { decisionRow, type DecisionInput } from "./record-decision";
import { TRIAGE_ACTOR } from "./settings";
import { isVerdict } from "./verdicts";

const DELETED_NOTE = "the content no longer exists (CONTENT_EXISTS_URL answered 404)";

/**
 * Copyright flags: deleted content is resolved first (no model needed); the model
 * then sorts the rest. A confident FALSE_POSITIVE is resolved as fingerprint noise;
 * VIOLATION and NEEDS_HUMAN go to a human — a VIOLATION never acts by itself.
 */
export const flagsPipeline: TriagePipeline = {
  pipeline: "flags",

  async load(run, uris) {
    const flags = [...latestPerUri(await loadFlags(uris)).values()].filter((flag) => flag.status === "pending");
    const exists = await Promise.all(flags.map((flag) => (flag.context?.trackId ? contentExists(flag.context.trackId) : true)));
    const toModel: LoadedItem[] = [];
    const deleted: DecisionInput[] = [];
    for (const [index, flag] of flags.entries()) {
      if (exists[index]) toModel.push({ item: flag.uri, data: modelView(flag) });
      else deleted.push({ pipeline: "flags", item: flag.uri, outcome: "content_deleted", answer: null, tokens: { inputTokens: 0, outputTokens: 0 } });
    }
    return { toModel, settled: run.dryRun ? deleted : await resolveAll(run, deleted, "content_deleted", () => DELETED_NOTE) };
  },

  async apply(run, answered) {
    const decided = answered.map((entry) => judge(run, entry));
    const clearing = decided.filter((decision) => decision.outcome === "auto_resolved");
    if (run.dryRun || clearing.length === 0) return decided;
    const notes = (decision: DecisionInput) => `AI triage: ${decision.answer && isVerdict(decision.answer) ? decision.answer.reason : ""}`;
    return [...decided.filter((decision) => decision.outcome !== "auto_resolved"), ...(await resolveAll(run, clearing, "fingerprint_noise", notes))];
  },
};

/** What a verdict leads to; takes an automatic action from the breaker's budget. */
function judge(run: RunContext, { item, answer, tokens }: Answered): DecisionInput {
  const decided = (outcome: DecisionInput["outcome"], note?: string): DecisionInput => ({ pipeline: "flags", item, outcome, answer, tokens, note });
  if (!isVerdict(answer)) return decided("left_pending");
  const clears = answer.verdict === "FALSE_POSITIVE";
  run.breaker.observe("flags", clears);
  if (!clears) return decided(answer.verdict === "VIOLATION" ? "violation" : "needs_human");
  if (answer.confidence < run.settings.autoConfidence) return decided("needs_human", "confidence below the automatic threshold");
  if (!run.breaker.allowAction()) return decided("held", run.breaker.tripped ?? undefined);
  return decided("auto_resolved");
}

/** What the model sees of a flag: the scanner's evidence, never moderator notes. */
function modelView(flag: Flag): Record<string, unknown> {
  const context = flag.context;
  return {
    track_title: context?.trackTitle ?? null,
    uploader_handle: context?.artistHandle ?? null,
    highest_score: context?.highestScore ?? null,
    // The fields the prompt describes: the scanner's extras (ISRC, offsets) are no evidence for it.
    matches: (context?.matches ?? []).slice(0, 5).map(({ title, artist, score }) => ({ title, artist, score })),
  };
}

/**
 * Resolves these flags with their decision records in one transaction. When one
 * changed meanwhile (a moderator was faster), each is tried on its own, and those
 * that cannot be resolved stay pending with why.
 */
async function resolveAll(
  run: RunContext,
  decisions: DecisionInput[],
  reason: ResolutionReason,
  notes: (decision: DecisionInput) => string,
): Promise<DecisionInput[]> {
  if (decisions.length === 0) return [];
  const resolve = (group: DecisionInput[]) =>
    resolveFlags(
      group.map((decision) => ({ uri: decision.item, val: FLAG_VAL, reason, notes: notes(decision).slice(0, 2000) })),
      TRIAGE_ACTOR,
      async (tx) => void (await tx.triageDecision.createMany({ data: group.map((decision) => decisionRow(run, decision)) })),
    );
  try {
    await resolve(decisions);
    return decisions.map((decision) => ({ ...decision, recorded: true }));
  } catch (error) {
    if (!(error instanceof AppError) || decisions.length === 1) return [leftPending(decisions[0]!, error)];
  }
  const one = async (decision: DecisionInput): Promise<DecisionInput> => {
    try {
      await resolve([decision]);
      return { ...decision, recorded: true };
    } catch (error) {
      return leftPending(decision, error);
    }
  };
  const results: DecisionInput[] = [];
  for (const decision of decisions) results.push(await one(decision));
  return results;
}

function leftPending(decision: DecisionInput, error: unknown): DecisionInput {
  if (!(error instanceof AppError)) throw error;
  return { ...decision, outcome: "left_pending", note: error.message };
}
