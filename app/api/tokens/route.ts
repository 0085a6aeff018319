import { createToken, createTokenInputSchema, listTokens } from "@/lib/auth/tokens";
import { readJsonBody } from "@/lib/http/body";
import { adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute("tokens:manage", async () => {
  return Response.json({ tokens: await listTokens() });
});

/** Answers the new token in clear: the only time it is ever returned. */
export const POST = adminRoute("tokens:manage", async ({ request, principal }) => {
  const input = await readJsonBody(request, createTokenInputSchema);
  return Response.json(await createToken(input, principal.name), { status: 201, headers: { "cache-control": "no-store" } });
});
