import { z } from "zod";
import { route } from "@/lib/http/route";
import { republishServiceRecord } from "@/lib/labels/network/republish-service-record";

const publishBodySchema = z.object({ password: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters") });

/** Re-publishes the service record from the stored definitions; the app password is used once, never stored. */
export const POST = route({ auth: "labeler:manage", body: publishBodySchema }, async ({ body, principal }) => {
  return Response.json(await republishServiceRecord(body.password, principal!.name), { headers: { "cache-control": "no-store" } });
});
