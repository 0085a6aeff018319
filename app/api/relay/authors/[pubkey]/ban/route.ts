import { z } from "zod";
import { route } from "@/lib/http/route";
import { banAuthor } from "@/lib/relay/ban-author";
import { banBodySchema, pubkeyParam } from "@/lib/relay/schemas";

/** Blocks the author and rejects all their waiting events at once: `{rejected}`. */
export const POST = route(
  { auth: "relay:trust", params: z.object({ pubkey: pubkeyParam }), body: banBodySchema, bodyOptional: true },
  async ({ params, body, principal }) => Response.json(await banAuthor(params.pubkey, principal!.name, body.reason)),
);
