import { createToken, createTokenInputSchema, listTokens } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "tokens:manage" }, async () => Response.json({ tokens: await listTokens() }));

/** Answers the new token in clear: the only time it is ever returned. */
export const POST = route({ auth: "tokens:manage", body: createTokenInputSchema }, async ({ body, principal }) => {
  return Response.json(await createToken(body, principal!.name), { status: 201, headers: { "cache-control": "no-store" } });
});
