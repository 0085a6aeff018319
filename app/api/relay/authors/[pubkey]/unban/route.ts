import { z } from "zod";
import { route } from "@/lib/http/route";
import { pubkeyParam, unbanBodySchema } from "@/lib/relay/schemas";
import { unbanAuthor } from "@/lib/relay/unban-author";

/** Lifts a ban, restoring the tier and note it replaced: `{pubkey, tier, note, ban_note}`; 409 when not banned. */
export const POST = route(
  { auth: "relay:trust", params: z.object({ pubkey: pubkeyParam }), body: unbanBodySchema, bodyOptional: true },
  async ({ params, body, principal }) => Response.json(await unbanAuthor(params.pubkey, principal!.name, body.reason)),
);
