import { preflight, route } from "@/lib/http/route";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** `/xrpc/_health` as the PDS and Ozone answer it: `{version}`, or 503 `{version, error}`. */
export const GET = route({ auth: "public", errors: "xrpc", cors: true }, async () => {
  const health = await checkHealth();
  const ok = health.status === "ok";
  return Response.json(ok ? { version: health.version } : { version: health.version, error: "Service Unavailable" }, {
    status: ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const OPTIONS = preflight(["GET"]);
