import { route } from "@/lib/http/route";
import { pubkeysQuerySchema, pubkeyTierBodySchema } from "@/lib/relay/schemas";
import { listPubkeys, setPubkeyTier } from "@/lib/relay/trust";

export const GET = route({ auth: "relay:trust", query: pubkeysQuerySchema }, async ({ query }) => {
  return Response.json({ pubkeys: await listPubkeys(query) });
});

/** Sets a pubkey's tier: blocked, unknown, member or trusted. */
export const POST = route({ auth: "relay:trust", body: pubkeyTierBodySchema }, async ({ body, principal }) => {
  await setPubkeyTier(body, principal!.name);
  return Response.json({ pubkey: body.pubkey, tier: body.tier });
});
