import { AtpAgent, XRPCError } from "@atproto/api";
import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forgetLabelerIdentity, labelerIdentity } from "../labeler-identity";
import { saveLabelerAccount } from "./labeler-account";
import { explainPdsError, type SetupSurface } from "./pds-errors";
import { didWebLabelerEntries, planLabelerPlcUpdate } from "./plc-update";
import { labelerEndpointOrThrow } from "./public-url";
import { resolveDid } from "./resolve-did";
import { buildServiceRecord, diffRecords, SERVICE_COLLECTION, SERVICE_RKEY, sortKeys, type ServiceRecord } from "./service-record";

// The steps of labeler setup, shared by `npm run labeler -- setup` (one run) and the
// Settings page (one request per step). Each step derives what it changes from the
// network again; nothing between steps is stored.

export type AccountCredentials = { pds: string; identifier: string; password: string };
export type AccountSession = { agent: AtpAgent; did: string; handle: string; pds: string; surface: SetupSurface };

/**
 * Signs in with the app password, runs one step, and ends the PDS session whatever
 * happens: the password and the session live for this call only.
 */
export async function withAccountSession<T>(account: AccountCredentials, surface: SetupSurface, run: (session: AccountSession) => Promise<T>): Promise<T> {
  const agent = new AtpAgent({ service: account.pds });
  try {
    await agent.login({ identifier: account.identifier, password: account.password });
  } catch (error) {
    throw explainPdsError("login", error, account.pds, surface);
  }
  try {
    const { did, handle } = agent.session!;
    const { LABELER_DID } = env();
    if (LABELER_DID && LABELER_DID !== did) {
      throw new AppError("conflict", `LABELER_DID is ${LABELER_DID}, but ${account.identifier} is ${did}: unset LABELER_DID (setup makes the account's DID the labeler's) or set it to ${did}.`);
    }
    return await run({ agent, did, handle, pds: account.pds, surface });
  } finally {
    await agent.logout().catch(() => undefined);
  }
}

/**
 * Setup's session, for the CLI run and the Settings steps alike: PUBLIC_URL decides the
 * endpoint, so a wrong one is refused before signing in; a loopback-http warning goes to `warn`.
 */
export async function withSetupSession<T>(
  account: AccountCredentials,
  surface: SetupSurface,
  warn: ((warning: string) => void) | undefined,
  run: (session: AccountSession) => Promise<T>,
): Promise<T> {
  const { warning } = labelerEndpointOrThrow();
  if (warning) warn?.(warning);
  return withAccountSession(account, surface, run);
}

/** The last step of setup: the signed-in account becomes the labeler (kept in labeler_settings). */
export async function adoptLabelerAccount(session: AccountSession, actor: string): Promise<void> {
  await saveLabelerAccount(session.did, session.pds, actor);
  forgetLabelerIdentity();
}

type Maps = { verificationMethods: Record<string, string>; services: Record<string, { type: string; endpoint: string }> };

export type IdentityPlan = {
  did: string;
  method: "plc" | "web";
  endpoint: string;
  /** PUBLIC_URL is loopback http: accepted for tests, with this warning. */
  warning?: string;
  /** The live DID document. */
  document: Maps & { alsoKnownAs: string[] };
  /** True when the document already has Warden's key and endpoint. */
  ready: boolean;
  /** did:plc: the full maps signPlcOperation gets (every live entry kept), and one line per change. */
  after?: Maps;
  diff: string[];
  /** did:web: exactly what the document must contain. */
  didWebEntries?: ReturnType<typeof didWebLabelerEntries>;
  /** Names this plan: a later step refuses to act when the live plan no longer matches. */
  fingerprint: string;
};

/** Step 1: the account's DID document as resolved, and what the labeler needs changed in it. */
export async function planIdentity(did: string, plcUrl: string): Promise<IdentityPlan> {
  const { endpoint, warning } = labelerEndpointOrThrow();
  const resolved = await resolveDid(did, plcUrl);
  const { didKey } = await labelerIdentity();
  const document = { alsoKnownAs: resolved.alsoKnownAs, verificationMethods: resolved.verificationMethods, services: resolved.services };
  const base = { did, endpoint, ...(warning && { warning }), document };
  if (resolved.plc) {
    const { verificationMethods, services, diff } = planLabelerPlcUpdate(resolved.plc, didKey, endpoint);
    const after = { verificationMethods, services };
    return { ...base, method: "plc", ready: diff.length === 0, after, diff, fingerprint: fingerprint({ did, document, after }) };
  }
  const ready = resolved.verificationMethods.atproto_label === didKey && resolved.services.atproto_labeler?.endpoint === endpoint;
  const didWebEntries = didWebLabelerEntries(did, didKey, endpoint);
  return { ...base, method: "web", ready, diff: [], didWebEntries, fingerprint: fingerprint({ did, document, didWebEntries }) };
}

/** Refuses a step whose reviewed plan is not the live one (the document or the key changed meanwhile). */
export function assertReviewed(live: { fingerprint: string }, reviewed: string | undefined, what: string): void {
  if (reviewed !== undefined && reviewed !== live.fingerprint) {
    throw new AppError("conflict", `${what} changed since you reviewed it: review the new version and confirm again.`);
  }
}

/** Step 2a (did:plc): the PDS emails the account a token for one PLC operation. */
export async function requestPlcToken(session: AccountSession, actor: string): Promise<void> {
  await call(session, "request-token", () => session.agent.com.atproto.identity.requestPlcOperationSignature());
  await recordAudit({ actor, action: "labeler.plc_token", subject: session.did, detail: { pdsUrl: session.pds } });
}

/** Step 2b (did:plc): signs the planned maps with the emailed token, submits, and checks the directory. */
export async function submitPlcUpdate(session: AccountSession, plan: IdentityPlan, token: string, plcUrl: string, actor: string): Promise<void> {
  if (!plan.after) throw new AppError("invalid_request", `${plan.did} is not a did:plc: its document is changed where it is hosted`);
  const { verificationMethods, services } = plan.after;
  const signed = await call(session, "sign", () => session.agent.com.atproto.identity.signPlcOperation({ token, verificationMethods, services }));
  await call(session, "submit", () => session.agent.com.atproto.identity.submitPlcOperation({ operation: signed.data.operation }));
  await recordAudit({ actor, action: "labeler.plc_update", subject: plan.did, detail: { diff: plan.diff } });
  const after = await resolveDid(plan.did, plcUrl);
  if (after.verificationMethods.atproto_label !== verificationMethods.atproto_label || after.services.atproto_labeler?.endpoint !== plan.endpoint) {
    throw new AppError("unavailable", `The PLC directory accepted the operation but ${plan.did} does not show the new entries yet: check again in a minute.`);
  }
}

export type RecordPlan = {
  record: ServiceRecord;
  published: { cid?: string; value: unknown } | null;
  /** "-" published, "+" new lines; empty when unchanged. */
  diff: string[];
  changed: boolean;
  fingerprint: string;
};

/** Step 3, before writing: app.bsky.labeler.service/self from the stored definitions against what is published. */
export async function planServiceRecord(session: AccountSession): Promise<RecordPlan> {
  const published = await getPublishedRecord(session);
  const record = await buildServiceRecord((published?.value as { createdAt?: string } | undefined)?.createdAt);
  const diff = diffRecords(published?.value, record);
  // A new record's createdAt is "now" on every build: it is not part of what was reviewed.
  const { createdAt, ...reviewed } = record;
  return { record, published, diff, changed: !published || diff.length > 0, fingerprint: fingerprint({ reviewed, cid: published?.cid ?? null, createdAt: published ? createdAt : null }) };
}

/** What to show of a record plan: the diff against the published record, or the whole new one. */
export function recordLines(plan: RecordPlan): string[] {
  return plan.published ? plan.diff : JSON.stringify(plan.record, null, 2).split("\n");
}

/** Step 3: putRecord, failing instead of overwriting a record someone else changed since the plan. */
export async function writeServiceRecord(session: AccountSession, plan: RecordPlan): Promise<void> {
  await call(session, "publish", () =>
    session.agent.com.atproto.repo.putRecord({
      repo: session.did,
      collection: SERVICE_COLLECTION,
      rkey: SERVICE_RKEY,
      record: plan.record,
      validate: true,
      swapRecord: plan.published?.cid ?? null,
    }),
  );
}

async function getPublishedRecord(session: AccountSession): Promise<{ cid?: string; value: unknown } | null> {
  try {
    const { data } = await session.agent.com.atproto.repo.getRecord({ repo: session.did, collection: SERVICE_COLLECTION, rkey: SERVICE_RKEY });
    return { cid: data.cid, value: data.value };
  } catch (error) {
    if (error instanceof XRPCError && (error.error === "RecordNotFound" || error.status === 404)) return null;
    throw explainPdsError("publish", error, session.pds, session.surface);
  }
}

async function call<T>(session: AccountSession, step: Parameters<typeof explainPdsError>[0], request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw explainPdsError(step, error, session.pds, session.surface);
  }
}

function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(sortKeys(value))).digest("hex").slice(0, 32);
}
