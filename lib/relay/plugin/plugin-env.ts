import { z } from "zod";

/** What `bin/strfry-policy` reads from its environment. */
export const pluginEnvSchema = z.object({
  WARDEN_URL: z.url("must be Warden's URL, such as http://127.0.0.1:3000"),
  RELAY_SECRET: z.string().min(16, "must be at least 16 characters (the same value as Warden's RELAY_SECRET)"),
  /** What to answer while Warden cannot be reached: reject (fail closed, the default) or accept (fail open). */
  WARDEN_UNAVAILABLE: z.enum(["reject", "accept"], { error: "must be reject or accept" }).default("reject"),
  /** How long decisions may rest on a snapshot that could not be refreshed. */
  WARDEN_SNAPSHOT_MAX_AGE: z.coerce.number().int().min(1).default(60),
});

export type PluginEnv = z.infer<typeof pluginEnvSchema>;

/**
 * The plugin's configuration. A bad one does not stop the plugin (strfry would only
 * restart it, again and again): it answers every event as "unavailable" and says why
 * on stderr.
 */
export function readPluginEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: PluginEnv } | { ok: false; problem: string; unavailable: PluginEnv["WARDEN_UNAVAILABLE"] } {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = pluginEnvSchema.safeParse(present);
  if (result.success) return { ok: true, env: result.data };
  const issue = result.error.issues[0]!;
  return {
    ok: false,
    problem: `${String(issue.path[0] ?? "environment")}: ${issue.message}`,
    unavailable: present.WARDEN_UNAVAILABLE === "accept" ? "accept" : "reject",
  };
}

/** An endpoint under WARDEN_URL, keeping any path prefix it has (Warden behind a proxy at /warden/). */
export function wardenEndpoint(wardenUrl: string, path: string): URL {
  return new URL(path, wardenUrl.endsWith("/") ? wardenUrl : `${wardenUrl}/`);
}
