import { env } from "@/lib/env";
import { labelerPublicKey, newestLabelVerifies, type LabelerPublicKey } from "./signing-key-status";

const SUBSCRIBE_LABELS = "/xrpc/com.atproto.label.subscribeLabels";

export type PlcLabelerFields = {
  verificationMethods: { atproto_label: string };
  services: { atproto_labeler: { type: "AtprotoLabeler"; endpoint: string | null } };
};

export type LabelerInfo = LabelerPublicKey & {
  /** The did:key without its prefix: the Multikey `publicKeyMultibase`. */
  publicKeyMultibase: string;
  /** The #atproto_labeler endpoint: an origin, no path (null when unknown). */
  endpoint: string | null;
  streamUrl: string | null;
  /** Where a did:web resolver fetches the document (null for did:plc). */
  didDocumentUrl: string | null;
  /** The two entries a PLC operation must carry for a did:plc labeler. */
  plc: PlcLabelerFields;
  /** Whether the newest stored label verifies with this key (null: no labels yet). */
  newestLabelVerifies: boolean | null;
};

/**
 * The service endpoint: PUBLIC_URL's origin (any path dropped: clients append /xrpc/…),
 * else the origin the caller was reached at, if it knows one.
 */
export function labelerEndpoint(requestOrigin?: string): string | null {
  const { PUBLIC_URL } = env();
  if (PUBLIC_URL) return new URL(PUBLIC_URL).origin;
  return requestOrigin ?? null;
}

/** wss://host/xrpc/com.atproto.label.subscribeLabels for an https origin (ws:// for http). */
export function labelerStreamUrl(endpoint: string): string {
  return `${endpoint.replace(/^http/, "ws")}${SUBSCRIBE_LABELS}`;
}

/** did:web:host%3Aport:path → https://host:port/path/did.json (/.well-known/did.json without a path). */
export function didWebDocumentUrl(did: string): string | null {
  if (!did.startsWith("did:web:")) return null;
  const [host, ...path] = did.slice("did:web:".length).split(":").map(decodeURIComponent);
  return `https://${host}/${path.length ? path.join("/") : ".well-known"}/did.json`;
}

/** Everything an operator needs to announce the labeler. Never includes the private key. */
export async function labelerInfo(requestOrigin?: string): Promise<LabelerInfo> {
  const key = await labelerPublicKey();
  const endpoint = labelerEndpoint(requestOrigin);
  return {
    ...key,
    publicKeyMultibase: key.didKey.slice("did:key:".length),
    endpoint,
    streamUrl: endpoint && labelerStreamUrl(endpoint),
    didDocumentUrl: didWebDocumentUrl(key.did),
    plc: {
      verificationMethods: { atproto_label: key.didKey },
      services: { atproto_labeler: { type: "AtprotoLabeler", endpoint } },
    },
    newestLabelVerifies: await newestLabelVerifies(key.didKey),
  };
}
