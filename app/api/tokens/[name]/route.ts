import { revokeToken, tokenNameSchema } from "@/lib/auth/tokens";
import { adminRoute } from "@/lib/http/admin-route";

/** Revokes a token; its sessions end on their next request. */
export const DELETE = adminRoute<{ name: string }>("tokens:manage", async ({ params, principal }) => {
  await revokeToken(tokenNameSchema.parse(params.name), principal.name);
  return new Response(null, { status: 204 });
});
