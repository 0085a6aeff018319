import { route } from "@/lib/http/route";
import { muteBodySchema, setReporterMuted } from "@/lib/reports/mute-reporter";

/** Mutes a reporter (`{"reporter", "muted": true, "note"?}`) or lifts the mute (`"muted": false`). */
export const POST = route({ auth: "reports:review", body: muteBodySchema }, async ({ body, principal }) => Response.json(await setReporterMuted(body, principal!.name)));
