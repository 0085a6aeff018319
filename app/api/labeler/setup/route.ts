import { z } from "zod";
import { route } from "@/lib/http/route";
import { runSettingsSetupStep } from "@/lib/labels/network/settings-setup";

const fingerprint = z.string().regex(/^[0-9a-f]{32}$/, "must be the fingerprint of the reviewed plan, as the inspect step returned it");
const account = {
  pds: z.url({ protocol: /^https?$/, error: "must be the account's PDS, an http(s) URL such as https://bsky.social" }).max(2048),
  identifier: z.string().trim().min(1, "must be the account's handle or DID").max(253, "must be at most 253 characters").regex(/^\S+$/, "must not contain spaces"),
  password: z.string().min(1, "must be an app password of the account").max(256, "must be at most 256 characters"),
};

const setupBodySchema = z.discriminatedUnion("step", [
  z.object({ step: z.literal("inspect"), ...account }),
  z.object({ step: z.literal("request-token"), ...account, plan: fingerprint }),
  z.object({
    step: z.literal("submit-plc"),
    ...account,
    plan: fingerprint,
    token: z.string().trim().min(1, "must be the token from the email").max(64, "must be at most 64 characters").regex(/^[A-Za-z0-9-]+$/, "must be the token from the email, e.g. ABCDE-12345"),
  }),
  z.object({ step: z.literal("publish"), ...account, record: fingerprint }),
]);

/** One step of the Settings page's guided labeler setup; the app password serves this request only. */
export const POST = route({ auth: "labeler:manage", body: setupBodySchema }, async ({ body, principal }) => {
  return Response.json(await runSettingsSetupStep(body, principal!.name), { headers: { "cache-control": "no-store" } });
});
