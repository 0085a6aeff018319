import { AppError } from "@/lib/errors";

/** A PLC document's maps as `GET {plc}/{did}/data` answers them (keys without #). */
export type PlcData = {
  did: string;
  rotationKeys: string[];
  verificationMethods: Record<string, string>;
  alsoKnownAs: string[];
  services: Record<string, { type: string; endpoint: string }>;
};

/** What Warden reads from a DID document, whatever the method. */
export type ResolvedDid = {
  did: string;
  /** #fragment (no #) → did:key. */
  verificationMethods: Record<string, string>;
  services: Record<string, { type: string; endpoint: string }>;
  alsoKnownAs: string[];
  /** The PLC data, for did:plc: what a PLC operation starts from. */
  plc?: PlcData;
};

export const DEFAULT_PLC_URL = "https://plc.directory";
const TIMEOUT_MS = 10_000;

/** Resolves a did:plc through the PLC directory, a did:web from its host; throws naming what is missing. */
export async function resolveDid(did: string, plcUrl: string): Promise<ResolvedDid> {
  if (did.startsWith("did:plc:")) {
    const data = await getJson<PlcData>(`${plcUrl.replace(/\/$/, "")}/${did}/data`, `${did} in the PLC directory ${plcUrl}`);
    return { did, verificationMethods: data.verificationMethods, services: data.services, alsoKnownAs: data.alsoKnownAs, plc: data };
  }
  if (did.startsWith("did:web:")) {
    const url = didWebUrl(did);
    const document = await getJson<DidDocument>(url, `the did:web document of ${did}`);
    if (document.id !== did) throw new AppError("invalid_request", `${url} is the document of ${String(document.id)}, not ${did}`);
    return fromDocument(did, document);
  }
  throw new AppError("invalid_request", `${did}: only did:plc and did:web are supported`);
}

/** did:web:host%3Aport → https://host:port/.well-known/did.json (http for localhost, as @atproto/identity does). */
export function didWebUrl(did: string): string {
  const [host, ...path] = did.slice("did:web:".length).split(":").map(decodeURIComponent);
  const scheme = host!.split(":")[0] === "localhost" ? "http" : "https";
  return `${scheme}://${host}/${path.length ? path.join("/") : ".well-known"}/did.json`;
}

type DidDocument = {
  id?: unknown;
  alsoKnownAs?: unknown;
  verificationMethod?: { id?: string; publicKeyMultibase?: string }[];
  service?: { id?: string; type?: string; serviceEndpoint?: unknown }[];
};

function fromDocument(did: string, document: DidDocument): ResolvedDid {
  const fragment = (id: string | undefined) => (id ?? "").replace(did, "").replace(/^#/, "");
  const verificationMethods = Object.fromEntries(
    (document.verificationMethod ?? []).filter((m) => m.publicKeyMultibase).map((m) => [fragment(m.id), `did:key:${m.publicKeyMultibase}`]),
  );
  const services = Object.fromEntries(
    (document.service ?? [])
      .filter((s) => typeof s.serviceEndpoint === "string")
      .map((s) => [fragment(s.id), { type: s.type ?? "", endpoint: s.serviceEndpoint as string }]),
  );
  const alsoKnownAs = Array.isArray(document.alsoKnownAs) ? document.alsoKnownAs.filter((a): a is string => typeof a === "string") : [];
  return { did, verificationMethods, services, alsoKnownAs };
}

async function getJson<T>(url: string, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch (error) {
    throw new AppError("unavailable", `Could not fetch ${what} (${url}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 404 || response.status === 410) throw new AppError("not_found", `${what} not found: ${url} answered ${response.status}`);
  if (!response.ok) throw new AppError("unavailable", `Could not fetch ${what}: ${url} answered ${response.status}`);
  try {
    return (await response.json()) as T;
  } catch {
    throw new AppError("unavailable", `${what} at ${url} is not JSON`);
  }
}
