import { preflight, route } from "@/lib/http/route";
import { handleNip86, NIP86_BODY_LIMIT, NIP86_CONTENT_TYPE } from "@/lib/relay/nip86/handle-nip86";

/**
 * NIP-86 relay management (JSON-RPC over HTTP, NIP-98 auth). Also served at NIP86_PATH.
 * Readable from any origin: browser admin clients call it, and its credential is a
 * signature over this very request, never a cookie.
 */
export const POST = route(
  { auth: "signed-body", errors: "nip86", rawBody: [NIP86_CONTENT_TYPE], bodyLimit: NIP86_BODY_LIMIT, cors: true },
  ({ request, raw }) => handleNip86(request, raw!),
);

export const OPTIONS = preflight(["POST"]);
