import { env } from "@/lib/env";
import type { PolicyConfig } from "./policy/decide";

/** The write policy's rules from Warden's environment (sent to the plugin in its snapshot). */
export function policyConfig(): PolicyConfig {
  const config = env();
  return {
    maxEventBytes: config.RELAY_MAX_EVENT_BYTES,
    maxFutureSeconds: config.RELAY_MAX_FUTURE_SECONDS,
    allowedKinds: config.RELAY_ALLOWED_KINDS ?? null,
    deniedKinds: config.RELAY_DENIED_KINDS ?? null,
    unknownPubkeys: config.RELAY_UNKNOWN_PUBKEYS,
  };
}
