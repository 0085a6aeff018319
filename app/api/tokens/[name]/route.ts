import { z } from "zod";
import { revokeToken, tokenNameSchema } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

/** Revokes a token; its sessions end on their next request. */
export const DELETE = route({ auth: "tokens:manage", params: z.object({ name: tokenNameSchema }) }, async ({ params, principal }) => {
  await revokeToken(params.name, principal!.name);
  return new Response(null, { status: 204 });
});
