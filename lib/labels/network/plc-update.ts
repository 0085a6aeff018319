import type { PlcData } from "./resolve-did";

export type LabelerPlcUpdate = {
  /** The full maps to send to signPlcOperation: every live entry kept, ours added or replaced. */
  verificationMethods: Record<string, string>;
  services: Record<string, { type: string; endpoint: string }>;
  /** One line per changed entry ("- old", "+ new"); empty when the document is already right. */
  diff: string[];
};

/**
 * Builds signPlcOperation's maps from the live PLC data, as Ozone does: the PDS replaces
 * each map it is given, so anything left out (another service, another key) would be
 * dropped. getRecommendedDidCredentials alone only knows the PDS's own entries.
 */
export function planLabelerPlcUpdate(live: PlcData, labelKey: string, endpoint: string): LabelerPlcUpdate {
  const verificationMethods = { ...live.verificationMethods, atproto_label: labelKey };
  const services = { ...live.services, atproto_labeler: { type: "AtprotoLabeler", endpoint } };
  const diff: string[] = [];
  const was = live.verificationMethods.atproto_label;
  if (was !== labelKey) diff.push(...(was ? [`- verificationMethods.atproto_label: ${was}`] : []), `+ verificationMethods.atproto_label: ${labelKey}`);
  const service = live.services.atproto_labeler;
  if (service?.type !== "AtprotoLabeler" || service.endpoint !== endpoint) {
    if (service) diff.push(`- services.atproto_labeler: ${service.type} ${service.endpoint}`);
    diff.push(`+ services.atproto_labeler: AtprotoLabeler ${endpoint}`);
  }
  return { verificationMethods, services, diff };
}

/** What a did:web document must contain for the labeler (printed for the operator to add). */
export function didWebLabelerEntries(did: string, labelKey: string, endpoint: string) {
  return {
    verificationMethod: [{ id: `${did}#atproto_label`, type: "Multikey", controller: did, publicKeyMultibase: labelKey.replace(/^did:key:/, "") }],
    service: [{ id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: endpoint }],
  };
}
