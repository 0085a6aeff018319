import { route } from "@/lib/http/route";
import { pubkeysQuerySchema, pubkeyTierBodySchema } from "@/lib/relay/schemas";
import { listPubkeys, setPubkeyTier } from "@/lib/relay/trust";

export const GET = route({ auth: "relay:trust", query: pubkeysQuerySchema }, async ({ query }) => {
  return Response.json({ pubkeys: await listPubkeys(query) });
});

/** Sets a pubkey's tier: blocked, unknown, member or trusted; answers what it replaced, for an undo (if_tier). */
export const POST = route({ auth: "relay:trust", body: pubkeyTierBodySchema }, async ({ body, principal }) => {
  const { pubkey, tier, note, if_tier, reason } = body;
  const change = await setPubkeyTier({ pubkey, tier, note, ifTier: if_tier, reason }, principal!.name);
  return Response.json({ pubkey, tier, from: change.from, previous_note: change.previousNote });
});
