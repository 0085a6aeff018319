// plyr.fm's moderation service answered health checks here; uptime monitors keep working.
export const dynamic = "force-dynamic";
export { GET } from "@/app/api/health/route";
