import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { labelerDid } from "./labeler-identity";
import { labelerInfo } from "./labeler-info";

export type DidDocument = {
  "@context": string[];
  id: string;
  verificationMethod: { id: string; type: "Multikey"; controller: string; publicKeyMultibase: string }[];
  service: { id: "#atproto_labeler"; type: "AtprotoLabeler"; serviceEndpoint: string }[];
};

/**
 * The did:web document of the labeler: the #atproto_label Multikey and the
 * #atproto_labeler service (an origin, no path). A did:plc's document lives in the
 * PLC directory, so there is none here.
 */
export async function labelerDidDocument(requestOrigin: string): Promise<DidDocument> {
  const info = await labelerInfo(requestOrigin);
  if (!info.did.startsWith("did:web:")) {
    throw new AppError("not_found", `The labeler's DID is ${info.did}: its document is in the PLC directory`);
  }
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: info.did,
    verificationMethod: [
      { id: `${info.did}#atproto_label`, type: "Multikey", controller: info.did, publicKeyMultibase: info.publicKeyMultibase },
    ],
    service: [{ id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: info.endpoint ?? requestOrigin }],
  };
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;

/**
 * Where the did.json document says the labeler is, and whether a shared cache may keep
 * it. With PUBLIC_URL the document never depends on the request. Without it, only a
 * request to a loopback host or to the host of the configured did:web is answered,
 * uncacheable: a forged Host header must never put another endpoint in a cache.
 */
export function didDocumentOrigin(requestOrigin: string | undefined): { origin: string; cacheable: boolean } {
  const { PUBLIC_URL } = env();
  if (PUBLIC_URL) return { origin: new URL(PUBLIC_URL).origin, cacheable: true };
  if (!requestOrigin) throw new AppError("invalid_request", "The Host header is not valid");
  const host = new URL(requestOrigin).host;
  const didHost = decodeURIComponent(labelerDid().replace(/^did:web:/, "").split(":")[0]!).toLowerCase();
  if (!LOOPBACK.test(host) && host !== didHost) {
    throw new AppError("not_found", "Set PUBLIC_URL to serve the DID document on a public host");
  }
  return { origin: requestOrigin, cacheable: false };
}
