import { verifySignature } from "@atproto/crypto";
import { encode } from "@atproto/lex-cbor";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { GLOBAL_LABEL_VALUES } from "../definitions/label-definition-schema";
import { labelerDid, labelerIdentity } from "../labeler-identity";
import { labelerEndpointOrThrow } from "./public-url";
import { resolveDid, type ResolvedDid } from "./resolve-did";
import { SERVICE_COLLECTION, SERVICE_RKEY, serviceRecordProblems } from "./service-record";

export type DoctorCheck = { name: string; ok: boolean; detail: string; fix: string | null };

const TIMEOUT_MS = 10_000;
const QUERY_LABELS = "/xrpc/com.atproto.label.queryLabels";

/**
 * Checks from the network what an AppView would see: the DID document, the endpoint,
 * queryLabels with CORS, the service record, and a label verified with the resolved key.
 * A check whose input is missing fails as skipped, naming the check it waits on.
 */
export async function runDoctor(plcUrl: string): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const add = (name: string, ok: boolean, detail: string, fix: string | null = null) => checks.push({ name, ok, detail, fix: ok ? null : fix });
  const did = labelerDid();
  const { didKey } = await labelerIdentity();

  let resolved: ResolvedDid | null = null;
  try {
    resolved = await resolveDid(did, plcUrl);
    add("did_resolves", true, `${did} resolves${resolved.plc ? ` in ${plcUrl}` : ""}`);
  } catch (error) {
    add("did_resolves", false, `${did}: ${message(error)}`, did.startsWith("did:web:")
      ? `Serve the DID document at its host (Warden serves /.well-known/did.json when the DID's host routes to it), or run \`npm run labeler -- setup\` with a did:plc account`
      : "Run `npm run labeler -- setup --pds URL --identifier HANDLE --yes` or the setup in Settings (check --plc / PLC_URL)");
  }

  const label = resolved?.verificationMethods.atproto_label;
  add("label_key", label === didKey, resolved ? `#atproto_label is ${label ?? "missing"}; Warden signs with ${didKey}` : "skipped: did_resolves failed",
    "Run `npm run labeler -- setup` or the setup in Settings (did:plc), or update the did:web document with the key from `npm run labeler -- info`");

  let endpoint: string | null = null;
  let endpointProblem: string | null = null;
  try {
    const checked = labelerEndpointOrThrow();
    endpoint = checked.endpoint;
    endpointProblem = checked.warning ?? null;
  } catch (error) {
    endpointProblem = message(error);
  }
  const service = resolved?.services.atproto_labeler;
  const endpointOk = Boolean(endpoint && service?.type === "AtprotoLabeler" && service.endpoint === endpoint);
  add("labeler_endpoint", endpointOk,
    !resolved ? "skipped: did_resolves failed"
      : `#atproto_labeler is ${service ? `${service.type} ${service.endpoint}` : "missing"}; PUBLIC_URL is ${endpoint ?? "not usable"}${endpointProblem ? ` (${endpointProblem})` : ""}`,
    endpoint ? "Run `npm run labeler -- setup` or the setup in Settings, so the DID document points at PUBLIC_URL" : "Set PUBLIC_URL to Warden's public https:// address");

  const answer = endpoint ? await probeQueryLabels(endpoint, did) : null;
  add("query_labels", Boolean(answer?.ok), endpoint ? answer!.detail : "skipped: PUBLIC_URL is not usable",
    "Make PUBLIC_URL reach Warden (reverse proxy forwarding /xrpc/ to it, TLS certificate valid)");

  const pds = resolved?.services.atproto_pds?.endpoint;
  const record = pds ? await fetchServiceRecord(pds, did) : null;
  const problems = record?.value ? serviceRecordProblems(record.value) : [];
  add("service_record", Boolean(record?.value) && problems.length === 0,
    !pds ? "skipped: the DID document has no #atproto_pds (the account's repository)"
      : record?.value ? (problems.length ? `invalid against the lexicon: ${problems.join("; ")}` : `${SERVICE_COLLECTION}/${SERVICE_RKEY} is published and valid`)
      : `not published at ${pds}: ${record?.detail}`,
    "Run `npm run labeler -- setup` (or Re-publish in Settings)");

  const declared = new Set(((record?.value as { policies?: { labelValues?: string[] } } | undefined)?.policies?.labelValues) ?? []);
  const emitted = await emittedValues(did);
  const missing = emitted.filter((val) => !declared.has(val));
  add("service_record_values", Boolean(record?.value) && missing.length === 0,
    !record?.value ? "skipped: service_record failed" : missing.length ? `emitted but not declared: ${missing.join(", ")}` : `declares all ${emitted.length} emitted value(s)`,
    "Define the values on the Label definitions page, then re-publish the service record");

  const verified = answer?.label && label ? await verifies(answer.label, label) : null;
  // A fresh labeler has nothing to verify yet: that is not a fault.
  const nothingYet = Boolean(answer?.ok && !answer.label && label === didKey);
  add("label_verifies", verified === true || nothingYet,
    !answer?.label ? (nothingYet ? "no label published yet: nothing to verify" : answer?.ok ? "skipped: label_key failed" : "skipped: query_labels failed")
      : !label ? "skipped: label_key failed"
      : verified ? `a label from ${endpoint} verifies with ${label}` : `a label from ${endpoint} does not verify with ${label}`,
    "Run `npm run labeler -- setup` or the setup in Settings, so the DID document carries the current key; after a rotation, wait for the re-signing to finish");
  return checks;
}

type LabelJson = Record<string, unknown> & { sig: { $bytes: string } };

async function probeQueryLabels(endpoint: string, did: string): Promise<{ ok: boolean; detail: string; label?: LabelJson }> {
  const url = `${endpoint}${QUERY_LABELS}?uriPatterns=*&sources=${encodeURIComponent(did)}&limit=1`;
  try {
    const response = await fetch(url, { headers: { origin: "https://bsky.app" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) return { ok: false, detail: `${QUERY_LABELS} answered ${response.status}` };
    const cors = response.headers.get("access-control-allow-origin");
    if (cors !== "*" && cors !== "https://bsky.app") return { ok: false, detail: `${QUERY_LABELS} answers without CORS (Access-Control-Allow-Origin: ${cors ?? "missing"})` };
    const body = (await response.json()) as { labels?: LabelJson[] };
    return { ok: true, detail: `${endpoint}${QUERY_LABELS} answers, with CORS`, label: body.labels?.[0] };
  } catch (error) {
    return { ok: false, detail: `${url}: ${message(error)}` };
  }
}

async function fetchServiceRecord(pds: string, did: string): Promise<{ value?: unknown; detail: string }> {
  const url = `${pds.replace(/\/$/, "")}/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=${SERVICE_COLLECTION}&rkey=${SERVICE_RKEY}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) return { detail: `getRecord answered ${response.status}` };
    return { value: ((await response.json()) as { value?: unknown }).value, detail: "found" };
  } catch (error) {
    return { detail: message(error) };
  }
}

/** Values this labeler has emitted that need a declaration (global ones do not). */
async function emittedValues(src: string): Promise<string[]> {
  const rows = await db().labelHead.findMany({ where: { src }, distinct: ["val"], select: { val: true }, orderBy: { val: "asc" } });
  return rows.map((row) => row.val).filter((val) => !GLOBAL_LABEL_VALUES.has(val));
}

/** As an outside consumer verifies: DAG-CBOR of the label without sig, strict low-S. */
async function verifies(label: LabelJson, didKey: string): Promise<boolean> {
  const { sig, ...unsigned } = label;
  try {
    return await verifySignature(didKey, encode(unsigned as never), Buffer.from(sig.$bytes, "base64"), { allowMalleableSig: false });
  } catch {
    return false;
  }
}

const message = (error: unknown) => (isAppError(error) || error instanceof Error ? error.message : String(error));
