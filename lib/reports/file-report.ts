import type { ReportSource } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, NamedXrpcError } from "@/lib/errors";
import { readDeclaration } from "@/lib/labels/definitions/label-definitions";
import { APPEAL_REASONS, isAcceptedReason } from "./reason-types";
import { recordReport, type ReportView } from "./record-report";
import { identify, type SubjectRef } from "./subject";

export type ReportRequest = {
  source: Exclude<ReportSource, "nostr">;
  reporter: string;
  reasonType: string;
  reason: string | null;
  subject: SubjectRef;
};

const HOUR_MS = 60 * 60_000;

/** A suspension or mute of this reporter that is still in force. */
export async function activeRestriction(reporter: string, now = new Date()): Promise<"suspended" | "muted" | null> {
  const row = await db().reporterRestriction.findUnique({ where: { reporter } });
  if (!row || (row.until && row.until <= now)) return null;
  return row.kind === "suspended" ? "suspended" : "muted";
}

/**
 * A report from a Bluesky user (createReport) or a service (POST /api/reports):
 * refused when its reporter is suspended (appeals still pass), its reason or subject
 * is outside the labeler's declaration, it appeals someone else's subject, or its
 * reporter went over the hourly limit (the PDS hides the user's address: the limit is
 * per reporter). A repeat is answered with the report already recorded.
 */
export async function fileReport(request: ReportRequest, now = new Date()): Promise<ReportView> {
  const appeal = APPEAL_REASONS.has(request.reasonType);
  const restriction = await activeRestriction(request.reporter, now);
  if (restriction === "suspended" && !appeal) {
    throw new NamedXrpcError("invalid_request", "AccountTakedown", "Reports from this account are suspended by this labeler");
  }

  const identity = identify(request.subject);
  const atproto = identity.kind === "account" || identity.kind === "record";
  const scope = await readDeclaration();
  if (!isAcceptedReason(request.reasonType, atproto ? scope.reasonTypes : null)) {
    throw new AppError("invalid_request", `Invalid reason type: ${request.reasonType} is not one this labeler accepts`);
  }
  if (atproto && scope.subjectTypes !== null && !(scope.subjectTypes as string[]).includes(identity.kind)) {
    throw new AppError("invalid_request", `Invalid subject: this labeler takes no reports about a ${identity.kind}`);
  }
  if (identity.collection !== null && scope.subjectCollections !== null && !scope.subjectCollections.includes(identity.collection)) {
    throw new AppError("invalid_request", `Invalid subject: this labeler takes no reports about ${identity.collection} records`);
  }
  if (appeal && identity.author !== request.reporter) {
    throw new AppError("invalid_request", "You cannot appeal this report: only the subject's own account can");
  }

  const limit = env().REPORTS_PER_REPORTER_PER_HOUR;
  const recent = await db().report.count({ where: { reporter: request.reporter, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } } });
  if (recent >= limit) {
    throw new AppError("rate_limited", `Too many reports: at most ${limit} an hour from one reporter`, { retryAfterSeconds: 600 });
  }

  const { report } = await recordReport({ ...request, identity, muted: restriction === "muted" });
  return report;
}
