import { adminRoute } from "@/lib/http/admin-route";
import { banAuthor } from "@/lib/relay/ban-author";
import { readOptionalJsonBody } from "@/lib/relay/relay-route";
import { banBodySchema, pubkeyParam } from "@/lib/relay/schemas";

/** Blocks the author and rejects all their waiting events at once: `{rejected}`. */
export const POST = adminRoute<{ pubkey: string }>("relay:trust", async ({ request, principal, params }) => {
  const pubkey = pubkeyParam.parse(params.pubkey);
  const { reason } = await readOptionalJsonBody(request, banBodySchema);
  return Response.json(await banAuthor(pubkey, principal.name, reason));
});
