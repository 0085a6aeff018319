// The same machine API as under /admin (plyr.fm serves both prefixes).
export { POST } from "@/app/admin/sensitive-images/route";
