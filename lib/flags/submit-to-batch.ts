import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import type { LabelInput } from "@/lib/labels/label-input";
import { lockBatches } from "./settle-batches";

type Tx = Prisma.TransactionClient;

/** How one kind of batch (flags, report subjects) turns decisions into writes. */
export type BatchSubmission<Plan> = {
  /** What the decisions would do, read through `client`: the database, then the locked transaction. */
  plan(client: Tx): Promise<Plan>;
  /** The labels a plan emits. */
  labels(plan: Plan): LabelInput[];
  apply(tx: Tx, plan: Plan): Promise<void>;
  /** The audit reason of those labels. */
  reason: string;
};

const ATTEMPTS = 3;

/**
 * Plans a submission, signs the labels it emits, then plans again under the batch's lock
 * and applies that plan in the labels' own transaction. Signing happens before the lock,
 * so when the fresh plan emits other labels (someone decided meanwhile) it starts over,
 * up to three times. Returns the plan that was applied.
 */
export async function submitToBatch<Plan>(batchId: string, actor: string, submission: BatchSubmission<Plan>): Promise<Plan> {
  for (let attempt = 1; ; attempt++) {
    const labels = submission.labels(await submission.plan(db()));
    let applied: Plan | undefined;
    const write = async (tx: Tx) => {
      await lockBatches(tx, [batchId]);
      const fresh = await submission.plan(tx);
      if (labelKey(submission.labels(fresh)) !== labelKey(labels)) throw new PlanChanged();
      await submission.apply(tx, fresh);
      applied = fresh;
    };
    try {
      if (labels.length) await createLabels(labels, actor, submission.reason, { check: write });
      else await db().$transaction(write);
      return applied!;
    } catch (error) {
      if (!(error instanceof PlanChanged)) throw error;
      if (attempt === ATTEMPTS) throw new AppError("conflict", "The batch kept changing during the submission; try again");
    }
  }
}

class PlanChanged extends Error {}

const labelKey = (labels: LabelInput[]) => labels.map(({ uri, cid, val, neg }) => `${uri} ${cid ?? ""} ${val} ${neg ?? false}`).sort().join("\n");
