import * as held from "@/app/api/relay/held/route";
import * as policy from "@/app/api/relay/policy/route";
import * as snapshot from "@/app/api/relay/snapshot/route";
import type { Routes } from "./route-server";

/** The routes the plugin and other relays call, authenticated by RELAY_SECRET. */
export const relayRoutes: Routes = {
  "/api/relay/policy": { POST: policy.POST },
  "/api/relay/held": { POST: held.POST },
  "/api/relay/snapshot": { GET: snapshot.GET },
};
