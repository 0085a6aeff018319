// Shared by the inbox-action tests: a moderator's and a triage bot's tokens, and
// POST /api/reports/actions called as Next calls it, with a bearer token.
import { beforeAll } from "vitest";
import * as actionsRoute from "@/app/api/reports/actions/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { fileReport, type ReportRequest } from "@/lib/reports/file-report";
import { setEnv } from "../../support/env";

export const SPAM = "com.atproto.moderation.defs#reasonSpam";

export type ActionTokens = { moderator: string; triage: string };

/** Registers the beforeAll that sets ADMIN_TOKEN and a fixed labeler DID and stores the two tokens; read them inside tests. */
export function actionTokens(adminToken: string): ActionTokens {
  const tokens: ActionTokens = { moderator: "", triage: "" };
  beforeAll(async () => {
    setEnv({ ADMIN_TOKEN: adminToken, LABELER_DID: "did:web:warden.test" });
    tokens.moderator = (await createToken({ name: "mod", role: "moderator" }, "test")).token;
    tokens.triage = (await createToken({ name: "bot", role: "triage" }, "test")).token;
  });
  return tokens;
}

export async function postAction(body: unknown, token: string) {
  const request = new Request("http://warden.test/api/reports/actions", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const response = await actionsRoute.POST(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

/** A scanner's service report of spam on `subject`. */
export const reportSpam = (subject: ReportRequest["subject"]) => fileReport({ source: "service", reporter: "token:scanner", reasonType: SPAM, reason: null, subject });

/** reportSpam, then the id of the subject's inbox row (found by `key`). */
export async function reportedSubjectId(subject: ReportRequest["subject"], key: string): Promise<number> {
  await reportSpam(subject);
  return (await db().reportSubject.findUniqueOrThrow({ where: { key } })).id;
}
