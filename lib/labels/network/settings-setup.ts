import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_PLC_URL } from "./resolve-did";
import {
  adoptLabelerAccount,
  assertReviewed,
  planIdentity,
  planServiceRecord,
  recordLines,
  requestPlcToken,
  submitPlcUpdate,
  withSetupSession,
  writeServiceRecord,
  type AccountCredentials,
  type IdentityPlan,
  type RecordPlan,
} from "./setup-steps";

/**
 * One step of the guided setup on the Settings page. The browser posts the account and
 * the app password with every step (they are never stored): each step signs in, derives
 * its plan from the network again, and acts only when that plan is the one the operator
 * reviewed (its fingerprint), so nothing needs to be kept between requests.
 */
export type SettingsSetupStep = AccountCredentials &
  ({ step: "inspect" } | { step: "request-token"; plan: string } | { step: "submit-plc"; plan: string; token: string } | { step: "publish"; record: string });

export type RecordPreview = { isNew: boolean; changed: boolean; lines: string[]; fingerprint: string };

export type SettingsSetupAnswer =
  | { step: "inspect"; did: string; handle: string; identity: IdentityPlan; record: RecordPreview }
  | { step: "request-token"; did: string }
  | { step: "submit-plc"; did: string; identity: IdentityPlan }
  | { step: "publish"; did: string; changed: boolean };

export async function runSettingsSetupStep(input: SettingsSetupStep, actor: string): Promise<SettingsSetupAnswer> {
  const plcUrl = env().PLC_URL ?? DEFAULT_PLC_URL;
  // The plan carries the loopback-http warning itself.
  return withSetupSession(input, "settings", undefined, async (session) => {
    const { did } = session;
    const identity = await planIdentity(did, plcUrl);
    switch (input.step) {
      case "inspect":
        return { step: "inspect", did, handle: session.handle, identity, record: preview(await planServiceRecord(session)) };
      case "request-token":
        needsPlcChange(identity);
        assertReviewed(identity, input.plan, "The DID document change");
        await requestPlcToken(session, actor);
        return { step: "request-token", did };
      case "submit-plc":
        needsPlcChange(identity);
        assertReviewed(identity, input.plan, "The DID document change");
        await submitPlcUpdate(session, identity, input.token, plcUrl, actor);
        return { step: "submit-plc", did, identity: await planIdentity(did, plcUrl) };
      case "publish": {
        if (!identity.ready) {
          throw new AppError("conflict", `The DID document of ${did} does not carry Warden's key and endpoint yet: finish step 2 first, then publish.`);
        }
        const record = await planServiceRecord(session);
        assertReviewed(record, input.record, "The service record");
        if (record.changed) await writeServiceRecord(session, record);
        await recordAudit({ actor, action: "labeler.publish", subject: did, detail: { changed: record.changed } });
        await adoptLabelerAccount(session, actor);
        return { step: "publish", did, changed: record.changed };
      }
    }
  });
}

function needsPlcChange(identity: IdentityPlan): void {
  if (identity.method !== "plc") {
    throw new AppError("invalid_request", `${identity.did} is a did:web: Warden cannot change its document; add the entries shown in step 2 where it is hosted.`);
  }
  if (identity.ready) throw new AppError("conflict", `The DID document of ${identity.did} already has Warden's key and endpoint: go on to step 3.`);
}

function preview(plan: RecordPlan): RecordPreview {
  return { isNew: !plan.published, changed: plan.changed, lines: recordLines(plan), fingerprint: plan.fingerprint };
}
