import { AtpAgent, XRPCError } from "@atproto/api";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forgetLabelerIdentity, labelerIdentity } from "../labeler-identity";
import { saveLabelerAccount } from "./labeler-account";
import { explainPdsError } from "./pds-errors";
import { didWebLabelerEntries, planLabelerPlcUpdate } from "./plc-update";
import { labelerEndpointOrThrow } from "./public-url";
import { resolveDid, type ResolvedDid } from "./resolve-did";
import { buildServiceRecord, diffRecords, SERVICE_COLLECTION, SERVICE_RKEY } from "./service-record";

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
 * Turns an account into Warden's labeler: the #atproto_label key and #atproto_labeler
 * endpoint in its DID document (a PLC operation through its PDS, or the JSON to add for
 * did:web), then app.bsky.labeler.service/self from the stored definitions. Every step
 * is idempotent: a second run with nothing changed changes nothing.
 */
export async function setupLabeler(input: SetupInput): Promise<SetupOutcome> {
  const { say } = input;
  const { endpoint, warning } = labelerEndpointOrThrow();
  if (warning) say(`warning: ${warning}`);

  const agent = new AtpAgent({ service: input.pds });
  try {
    await agent.login({ identifier: input.identifier, password: input.password });
  } catch (error) {
    throw explainPdsError("login", error, input.pds);
  }
  const did = agent.session!.did;
  const { LABELER_DID } = env();
  if (LABELER_DID && LABELER_DID !== did) {
    throw new AppError("conflict", `LABELER_DID is ${LABELER_DID}, but ${input.identifier} is ${did}: unset LABELER_DID (setup makes the account's DID the labeler's) or set it to ${did}.`);
  }
  say(`Signed in to ${input.pds} as ${agent.session!.handle} (${did}).`);

  const resolved = await resolveDid(did, input.plcUrl);
  describeDocument(resolved, say);
  const { didKey } = await labelerIdentity();

  let plcUpdated = false;
  if (resolved.plc) {
    const plan = planLabelerPlcUpdate(resolved.plc, didKey, endpoint);
    if (plan.diff.length === 0) {
      say("DID document: already has Warden's #atproto_label key and #atproto_labeler endpoint.");
    } else {
      say("DID document changes (every other entry is kept):");
      for (const line of plan.diff) say(`  ${line}`);
      if (!input.token) {
        await call("request-token", input.pds, () => agent.com.atproto.identity.requestPlcOperationSignature());
        say(
          `A confirmation token was emailed to the account's address (it expires in 15 minutes). Run:\n` +
            `  npm run labeler -- setup --pds ${input.pds} --identifier ${input.identifier} --plc ${input.plcUrl} --token TOKEN --yes`,
        );
        return { status: "token_requested", did };
      }
      if (!(await input.confirm("Sign and submit this PLC operation?"))) return { status: "declined", did };
      const signed = await call("sign", input.pds, () =>
        agent.com.atproto.identity.signPlcOperation({ token: input.token, verificationMethods: plan.verificationMethods, services: plan.services }),
      );
      await call("submit", input.pds, () => agent.com.atproto.identity.submitPlcOperation({ operation: signed.data.operation }));
      const after = await resolveDid(did, input.plcUrl);
      if (after.verificationMethods.atproto_label !== didKey || after.services.atproto_labeler?.endpoint !== endpoint) {
        throw new AppError("unavailable", `The PLC directory accepted the operation but ${did} does not show the new entries yet: run \`npm run labeler -- doctor\` in a minute.`);
      }
      say("PLC operation submitted; the directory now shows the labeler's key and endpoint.");
      plcUpdated = true;
    }
  } else {
    const entries = didWebLabelerEntries(did, didKey, endpoint);
    const complete = resolved.verificationMethods.atproto_label === didKey && resolved.services.atproto_labeler?.endpoint === endpoint;
    if (!complete) {
      say(`${did} is a did:web: Warden cannot change its document. Add exactly these entries to it (keeping the others), then run setup again:`);
      say(JSON.stringify(entries, null, 2));
      return { status: "did_web_incomplete", did };
    }
    say("DID document (did:web): has Warden's #atproto_label key and #atproto_labeler endpoint.");
  }

  const recordChanged = await publishServiceRecord(agent, did, input);
  await saveLabelerAccount(did, input.pds, input.actor);
  forgetLabelerIdentity();
  return { status: "done", did, plcUpdated, recordChanged };
}

/** putRecord of app.bsky.labeler.service/self when it differs from what is published; true when it wrote. */
async function publishServiceRecord(agent: AtpAgent, did: string, input: Pick<SetupInput, "say" | "confirm" | "pds">): Promise<boolean> {
  const published = await getPublishedRecord(agent, did, input.pds);
  const publishedValue = published?.value as { createdAt?: string } | undefined;
  const record = await buildServiceRecord(publishedValue?.createdAt);
  const diff = diffRecords(publishedValue, record);
  if (published && diff.length === 0) {
    input.say(`Service record ${SERVICE_COLLECTION}/${SERVICE_RKEY}: unchanged.`);
    return false;
  }
  input.say(published ? `Service record ${SERVICE_COLLECTION}/${SERVICE_RKEY} changes:` : `Service record ${SERVICE_COLLECTION}/${SERVICE_RKEY} (new):`);
  for (const line of published ? diff : JSON.stringify(record, null, 2).split("\n")) input.say(`  ${line}`);
  if (!(await input.confirm("Publish the service record?"))) return false;
  await call("publish", input.pds, () =>
    agent.com.atproto.repo.putRecord({
      repo: did,
      collection: SERVICE_COLLECTION,
      rkey: SERVICE_RKEY,
      record,
      validate: true,
      // Fails instead of overwriting a record someone else changed meanwhile.
      swapRecord: published?.cid ?? null,
    }),
  );
  input.say("Service record published.");
  return true;
}

export async function getPublishedRecord(agent: AtpAgent, did: string, pds: string): Promise<{ cid?: string; value: unknown } | null> {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection: SERVICE_COLLECTION, rkey: SERVICE_RKEY });
    return { cid: data.cid, value: data.value };
  } catch (error) {
    if (error instanceof XRPCError && (error.error === "RecordNotFound" || error.status === 404)) return null;
    throw explainPdsError("publish", error, pds);
  }
}

async function call<T>(step: Parameters<typeof explainPdsError>[0], pds: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw explainPdsError(step, error, pds);
  }
}

function describeDocument(resolved: ResolvedDid, say: (line: string) => void): void {
  say(`DID document of ${resolved.did}:`);
  say(`  alsoKnownAs        ${resolved.alsoKnownAs.join(", ") || "(none)"}`);
  for (const [id, key] of Object.entries(resolved.verificationMethods)) say(`  #${id.padEnd(17)} ${key}`);
  for (const [id, service] of Object.entries(resolved.services)) say(`  #${id.padEnd(17)} ${service.type} ${service.endpoint}`);
}
