import { preflight, route } from "@/lib/http/route";
import { requestOrigin } from "@/lib/http/request-origin";
import { didDocumentOrigin, labelerDidDocument } from "@/lib/labels/did-document";

export const dynamic = "force-dynamic";

/** The did:web document: where verifiers find the #atproto_label key and the labeler endpoint. */
export const GET = route({ auth: "public", cors: true }, async ({ request }) => {
  const { origin, cacheable } = didDocumentOrigin(requestOrigin(request.headers));
  // Short caching: after a key rotation, verifiers must see the new key soon.
  const cacheControl = cacheable ? "public, max-age=60" : "no-store";
  return Response.json(await labelerDidDocument(origin), { headers: { "cache-control": cacheControl } });
});

export const OPTIONS = preflight(["GET"]);
