import { env } from "@/lib/env";
import { route } from "@/lib/http/route";
import { runDoctor } from "@/lib/labels/network/doctor";
import { DEFAULT_PLC_URL } from "@/lib/labels/network/resolve-did";

/** What `npm run labeler -- doctor --json` prints: the labeler as the network sees it. */
export const GET = route({ auth: "labeler:manage" }, async () => {
  const checks = await runDoctor(env().PLC_URL ?? DEFAULT_PLC_URL);
  return Response.json({ checks }, { headers: { "cache-control": "no-store" } });
});
