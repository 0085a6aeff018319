import { AppError } from "@/lib/errors";
import { FLAG_VAL } from "@/lib/flags/flag-definition";
import { latestPerUri, loadFlags, type Flag } from "@/lib/flags/load-flags";
import { resolveFlag } from "@/lib/flags/resolve-flag";
import { contentExists } from "./content-exists";
import type { LoadedItem, RunContext, TriagePipeline } from "./pipeline";
import { recordDecision, type DecisionInput, type ItemTokens } from "./record-decision";
import { TRIAGE_ACTOR } from "./settings";
import { isVerdict } from "./verdicts";

const NO_TOKENS: ItemTokens = { inputTokens: 0, outputTokens: 0 };

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
    const settled: DecisionInput[] = [];
    for (const [index, flag] of flags.entries()) {
      if (exists[index]) toModel.push({ item: flag.uri, data: modelView(flag) });
      else settled.push(await resolveDeleted(run, flag.uri));
    }
    return { toModel, settled };
  },

  async apply(run, uri, answer, tokens) {
    const decided = (outcome: DecisionInput["outcome"], note?: string): DecisionInput => ({
      pipeline: "flags", item: uri, outcome, answer, tokens, note,
    });
    if (!isVerdict(answer)) return decided("left_pending");
    const clears = answer.verdict === "FALSE_POSITIVE";
    run.breaker.observe("flags", clears);
    if (!clears) return decided(answer.verdict === "VIOLATION" ? "violation" : "needs_human");
    if (answer.confidence < run.settings.autoConfidence) return decided("needs_human", "confidence below the automatic threshold");
    if (!run.breaker.allowAction()) return decided("held", run.breaker.tripped ?? undefined);
    if (run.dryRun) return decided("auto_resolved");
    return resolveAs(run, decided("auto_resolved"), "fingerprint_noise", `AI triage: ${answer.reason}`);
  },
};

/** What the model sees of a flag: the scanner's evidence, never moderator notes. */
function modelView(flag: Flag): Record<string, unknown> {
  const context = flag.context;
  return {
    track_title: context?.trackTitle ?? null,
    uploader_handle: context?.artistHandle ?? null,
    highest_score: context?.highestScore ?? null,
    matches: (context?.matches ?? []).slice(0, 5),
  };
}

async function resolveDeleted(run: RunContext, uri: string): Promise<DecisionInput> {
  const decided: DecisionInput = { pipeline: "flags", item: uri, outcome: "content_deleted", answer: null, tokens: NO_TOKENS };
  if (run.dryRun) return decided;
  return resolveAs(run, decided, "content_deleted", "the content no longer exists (CONTENT_EXISTS_URL answered 404)");
}

/** Resolves the flag and records the decision in one transaction; a flag changed meanwhile is left alone. */
async function resolveAs(
  run: RunContext,
  decided: DecisionInput,
  reason: "fingerprint_noise" | "content_deleted",
  notes: string,
): Promise<DecisionInput> {
  try {
    await resolveFlag({ uri: decided.item, val: FLAG_VAL, reason, notes: notes.slice(0, 2000) }, TRIAGE_ACTOR, (tx) =>
      recordDecision(tx, run, decided),
    );
    return { ...decided, recorded: true };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...decided, outcome: "left_pending", note: error.message };
  }
}
