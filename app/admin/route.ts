import { route } from "@/lib/http/route";

/** plyr.fm's admin page lived here; the dashboard's flag list replaces it. */
export const GET = route({ auth: "public" }, () => new Response(null, { status: 308, headers: { location: "/flags" } }));
