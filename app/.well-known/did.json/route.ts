import { AppError } from "@/lib/errors";
import { adminErrorResponse } from "@/lib/http/admin";
import { requestOrigin } from "@/lib/http/request-origin";
import { labelerDidDocument } from "@/lib/labels/did-document";

export const dynamic = "force-dynamic";

/** The did:web document: where verifiers find the #atproto_label key and the labeler endpoint. */
export async function GET(request: Request): Promise<Response> {
  try {
    const origin = requestOrigin(request.headers);
    if (!origin) throw new AppError("invalid_request", "The Host header is not valid");
    // Short caching: after a key rotation, verifiers must see the new key soon.
    return Response.json(await labelerDidDocument(origin), { headers: { "cache-control": "public, max-age=60" } });
  } catch (error) {
    return adminErrorResponse(error, request.headers.get("x-request-id") ?? undefined);
  }
}
