import { AppError } from "@/lib/errors";
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
