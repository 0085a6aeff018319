import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { labelInputSchema } from "@/lib/labels/label-input";
import { FLAG_VAL, resolutionReasons } from "./flag-definition";
import { loadFlags, type Flag } from "./load-flags";
import { recordResolution } from "./record-resolution";
import { completeBatches, settleOpenItems } from "./settle-batches";
import { recordAudit } from "@/lib/audit/record-audit";

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/** plyr.fm's `POST /admin/resolve` body; as there, `reason` may be left out (recorded as `other`). */
export const resolveFlagBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  val: z.preprocess(blank, labelInputSchema.shape.val.default(FLAG_VAL)),
  reason: z.preprocess(blank, z.enum(resolutionReasons, { error: `must be one of ${resolutionReasons.join(", ")}` }).default("other")),
  notes: z.preprocess(blank, z.string().trim().max(2000, "must be at most 2000 characters").optional()),
});
export type ResolveFlagBody = z.infer<typeof resolveFlagBodySchema>;

/**
 * Clears a pending flag: a signed negation for each of its heads in force, the
 * reason and notes with its context, its open batch items settled, one audit entry.
 * 404 without such a flag, 409 when it is already resolved (or expired). The
 * re-check runs under the label write lock, so of two moderators only one emits.
 */
export async function resolveFlag(
  body: ResolveFlagBody,
  actor: string,
  /** More writes that must commit with the resolution (e.g. the triage's record of it). */
  within?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<{ seq: number; message: string }> {
  const seq = await resolveFlags([body], actor, within);
  return { seq, message: `created negation label for ${body.uri}` };
}

/**
 * Clears several pending flags of one value, for one reason, in one label
 * transaction (the triage acts on a model call's verdicts at once). All or nothing:
 * when any flag is missing, resolved or changed meanwhile, nothing is written and
 * the error names it; the caller may then resolve the others one by one.
 */
export async function resolveFlags(
  bodies: ResolveFlagBody[],
  actor: string,
  within?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<number> {
  const { val, reason } = bodies[0]!;
  if (bodies.some((body) => body.val !== val || body.reason !== reason)) throw new Error("resolveFlags: one value and one reason per call");
  const uris = bodies.map((body) => body.uri);
  const before = inForceByUri(await loadFlags(uris, val), bodies);
  const labels = await createLabels(
    bodies.flatMap(({ uri }) => before.get(uri)!.map((flag) => ({ uri, val, cid: flag.cid || undefined, neg: true }))),
    actor,
    `resolve: ${reason}`,
    {
      async check(tx) {
        const now = inForceByUri(await loadFlags(uris, val, tx), bodies);
        const changed = uris.find((uri) => keys(now.get(uri)!) !== keys(before.get(uri)!));
        if (changed) throw new AppError("conflict", `The flag on ${changed} changed while resolving; try again`);
        const at = new Date();
        await recordResolution(tx, uris, { reason, notes: bodies.map((body) => body.notes ?? null), actor, at });
        const batches = val === FLAG_VAL ? await settleOpenItems(tx, uris, actor, at) : [];
        await recordAudit(
          bodies.map(({ uri, notes }) => ({ actor, action: "flag.resolve" as const, subject: uri, detail: { val, reason, ...(notes && { notes }), batches } })),
          tx,
        );
        await completeBatches(tx, batches, actor, at);
        await within?.(tx);
      },
    },
  );
  return labels.at(-1)!.seq;
}

/** Each flag's heads in force; throws (naming the subject) when one has none. */
function inForceByUri(flags: Flag[], bodies: ResolveFlagBody[]): Map<string, Flag[]> {
  return new Map(bodies.map((body) => [body.uri, inForce(flags.filter((flag) => flag.uri === body.uri), body)]));
}

/** The flag's heads in force; throws when there are none. */
function inForce(flags: Flag[], { uri, val }: ResolveFlagBody): Flag[] {
  if (flags.length === 0) throw new AppError("not_found", `No ${val} flag on ${uri}`);
  const pending = flags.filter((flag) => flag.status === "pending");
  if (pending.length === 0) {
    const expired = flags.every((flag) => flag.status === "expired");
    throw new AppError("conflict", expired ? `The ${val} flag on ${uri} has expired` : `The ${val} flag on ${uri} is already resolved`);
  }
  return pending;
}

const keys = (flags: Flag[]) => flags.map((flag) => flag.cid).sort().join(" ");
