import { readJsonBody, readQuery } from "@/lib/http/body";
import { adminRoute } from "@/lib/http/admin-route";
import { pubkeysQuerySchema, pubkeyTierBodySchema } from "@/lib/relay/schemas";
import { listPubkeys, setPubkeyTier } from "@/lib/relay/trust";

export const GET = adminRoute("relay:trust", async ({ request }) => {
  return Response.json({ pubkeys: await listPubkeys(readQuery(request, pubkeysQuerySchema)) });
});

/** Sets a pubkey's tier: blocked, unknown, member or trusted. */
export const POST = adminRoute("relay:trust", async ({ request, principal }) => {
  const input = await readJsonBody(request, pubkeyTierBodySchema);
  await setPubkeyTier(input, principal.name);
  return Response.json({ pubkey: input.pubkey, tier: input.tier });
});
