import { SERVICE_COLLECTION, SERVICE_RKEY } from "./service-record";
import {
  adoptLabelerAccount,
  planIdentity,
  planServiceRecord,
  recordLines,
  requestPlcToken,
  submitPlcUpdate,
  withSetupSession,
  writeServiceRecord,
  type AccountSession,
  type IdentityPlan,
} from "./setup-steps";

export type SetupInput = {
  pds: string;
  identifier: string;
  /** The app password: used for this run's session only, never stored or logged. */
  password: string;
  plcUrl: string;
  /** The email token of requestPlcOperationSignature. */
  token?: string;
  actor: string;
  say(line: string): void;
  /** Asked before each change; `--yes` answers true. */
  confirm(question: string): Promise<boolean>;
};

export type SetupOutcome =
  | { status: "token_requested"; did: string }
  | { status: "declined"; did: string }
  | { status: "did_web_incomplete"; did: string }
  | { status: "done"; did: string; plcUpdated: boolean; recordChanged: boolean };

/**
 * `npm run labeler -- setup`: turns an account into Warden's labeler, the steps of
 * setup-steps.ts in one run: the #atproto_label key and #atproto_labeler endpoint in
 * its DID document (a PLC operation through its PDS, or the JSON to add for did:web),
 * then app.bsky.labeler.service/self from the stored definitions. Every step is
 * idempotent: a second run with nothing changed changes nothing.
 */
export async function setupLabeler(input: SetupInput): Promise<SetupOutcome> {
  const { say } = input;
  return withSetupSession(input, "cli", (warning) => say(`warning: ${warning}`), async (session) => {
    const { did } = session;
    say(`Signed in to ${input.pds} as ${session.handle} (${did}).`);
    const plan = await planIdentity(did, input.plcUrl);
    describeDocument(plan, say);

    let plcUpdated = false;
    if (plan.method === "plc") {
      if (plan.ready) {
        say("DID document: already has Warden's #atproto_label key and #atproto_labeler endpoint.");
      } else {
        say("DID document changes (every other entry is kept):");
        for (const line of plan.diff) say(`  ${line}`);
        if (!input.token) {
          await requestPlcToken(session, input.actor);
          say(
            `A confirmation token was emailed to the account's address (it expires in 15 minutes). Run:\n` +
              `  npm run labeler -- setup --pds ${input.pds} --identifier ${input.identifier} --plc ${input.plcUrl} --token TOKEN --yes`,
          );
          return { status: "token_requested", did };
        }
        if (!(await input.confirm("Sign and submit this PLC operation?"))) return { status: "declined", did };
        await submitPlcUpdate(session, plan, input.token, input.plcUrl, input.actor);
        say("PLC operation submitted; the directory now shows the labeler's key and endpoint.");
        plcUpdated = true;
      }
    } else if (!plan.ready) {
      say(`${did} is a did:web: Warden cannot change its document. Add exactly these entries to it (keeping the others), then run setup again:`);
      say(JSON.stringify(plan.didWebEntries, null, 2));
      return { status: "did_web_incomplete", did };
    } else {
      say("DID document (did:web): has Warden's #atproto_label key and #atproto_labeler endpoint.");
    }

    const recordChanged = await publishServiceRecord(session, input);
    await adoptLabelerAccount(session, input.actor);
    return { status: "done", did, plcUpdated, recordChanged };
  });
}

/** putRecord of app.bsky.labeler.service/self when it differs from what is published; true when it wrote. */
export async function publishServiceRecord(session: AccountSession, input: Pick<SetupInput, "say" | "confirm">): Promise<boolean> {
  const plan = await planServiceRecord(session);
  const where = `Service record ${SERVICE_COLLECTION}/${SERVICE_RKEY}`;
  if (!plan.changed) {
    input.say(`${where}: unchanged.`);
    return false;
  }
  input.say(plan.published ? `${where} changes:` : `${where} (new):`);
  for (const line of recordLines(plan)) input.say(`  ${line}`);
  if (!(await input.confirm("Publish the service record?"))) return false;
  await writeServiceRecord(session, plan);
  input.say("Service record published.");
  return true;
}

function describeDocument(plan: IdentityPlan, say: (line: string) => void): void {
  const { document } = plan;
  say(`DID document of ${plan.did}:`);
  say(`  alsoKnownAs        ${document.alsoKnownAs.join(", ") || "(none)"}`);
  for (const [id, key] of Object.entries(document.verificationMethods)) say(`  #${id.padEnd(17)} ${key}`);
  for (const [id, service] of Object.entries(document.services)) say(`  #${id.padEnd(17)} ${service.type} ${service.endpoint}`);
}
