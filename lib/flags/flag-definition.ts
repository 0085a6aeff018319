/**
 * What a flag is (docs/decisions/010-flags-and-idempotent-decisions.md): a label
 * this labeler emitted with the flag value, on one subject. Its state is the label's
 * current state (label_heads → labels): in force = pending, negated = resolved,
 * past its `exp` = expired. Nothing else is stored about whether a flag is open.
 */
export const FLAG_VAL = "copyright-violation";

export const flagStatuses = ["pending", "resolved", "expired"] as const;
export type FlagStatus = (typeof flagStatuses)[number];

/** Why a moderator cleared a flag (plyr.fm's `ResolutionReason`). */
export const resolutionReasons = ["licensed", "original_artist", "fingerprint_noise", "cover_version", "content_deleted", "other"] as const;
export type ResolutionReason = (typeof resolutionReasons)[number];

export const reasonLabels: Record<ResolutionReason, string> = {
  licensed: "Licensed",
  original_artist: "Uploader is the original artist",
  fingerprint_noise: "Fingerprint noise",
  cover_version: "Cover or remix",
  content_deleted: "Content deleted",
  other: "Other",
};

/** A reviewer's verdict on one batch item: clear negates the flag, the other two leave it. */
export const reviewDecisions = ["clear", "defer", "confirm"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** Items in one review batch, and decisions in one submission. */
export const MAX_BATCH_ITEMS = 1000;

/** A batch id: 128 random bits, base64url (the seed's was time plus 16 random bits). */
export const BATCH_ID = /^[A-Za-z0-9_-]{22}$/;

/** Where a batch is reviewed (the `url` of POST /admin/batches). */
export const reviewPath = (batchId: string) => `/review/${batchId}`;
