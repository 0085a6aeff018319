import { isIP } from "node:net";
import { z } from "zod";

/**
 * Every environment variable Warden reads, validated once. A bad value stops the
 * process with one line naming the variable (see `describeEnvError`).
 */
/** "1,7,30023" → [1, 7, 30023]. */
const kindList = z
  .string()
  .transform((list) => list.split(",").map((kind) => kind.trim()).filter(Boolean).map(Number))
  .pipe(z.array(z.number({ error: "must be comma-separated kinds (0-65535)" }).int().min(0).max(65_535)));

/** "300", "30s", "5m", "1h" → seconds. */
const duration = z
  .string()
  .regex(/^\d+\s*[smh]?$/, "must be a duration such as 300, 30s, 5m or 1h")
  .transform((text) => {
    const unit = text.at(-1)!;
    const scale = unit === "h" ? 3600 : unit === "m" ? 60 : 1;
    return Number.parseInt(text, 10) * scale;
  })
  .pipe(z.number().min(10, "must be at least 10 seconds"));

/** Named ranges of private proxies, as express's `trust proxy` knows them. */
const PROXY_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

const isProxyAddress = (entry: string): boolean => {
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Which peers may say who the client is (lib/http/client-address.ts): a number of
 * proxies in front of us ("true" is one, "false" none), or the proxies' addresses
 * and CIDRs, comma-separated (`loopback`, `linklocal` and `uniquelocal` name ranges).
 */
export type TrustProxy = number | string[];
const trustProxy = z.string().transform((text, ctx): TrustProxy => {
  const value = text.trim().toLowerCase();
  if (value === "true") return 1;
  if (value === "false") return 0;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(",").map((entry) => entry.trim()).flatMap((entry) => (Object.hasOwn(PROXY_RANGES, entry) ? PROXY_RANGES[entry]! : [entry]));
  if (entries.every(isProxyAddress)) return entries;
  ctx.addIssue({ code: "custom", message: "must be true, false, a number of proxies, or comma-separated proxy addresses and CIDRs" });
  return z.NEVER;
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_URL: z.url("must be a URL such as https://warden.example").optional(),
  PUBLIC_URL: z.url("must be a URL such as https://warden.example").optional(),
  TRUST_PROXY: trustProxy.default(0),
  LABELER_DID: z
    .string()
    .regex(/^did:(web|plc):[a-zA-Z0-9._:%-]+$/, "must be a did:web or did:plc DID")
    .optional(),
  // The PLC directory `labeler setup` and `labeler doctor` use (their --plc wins), and that resolves reporters' DIDs.
  PLC_URL: z.url("must be a URL such as https://plc.directory").optional(),
  // Emitting a value with no label definition (lib/labels/definitions): refused, or allowed while migrating.
  LABEL_UNDEFINED_VALUES: z.enum(["refuse", "allow"], { error: "must be refuse or allow" }).default("refuse"),
  LABELER_SIGNING_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (a secp256k1 private key)")
    .optional(),
  // Nostr relay moderation
  RELAY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  RELAY_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, "must be a ws:// or wss:// URL")
    .optional(),
  STRFRY_BIN: z.string().min(1).optional(),
  STRFRY_CONFIG: z.string().min(1).optional(),
  RELAY_UNKNOWN_PUBKEYS: z.enum(["reject", "hold"], { error: "must be reject or hold" }).default("reject"),
  RELAY_MAX_EVENT_BYTES: z.coerce.number().int().min(256).default(65_536),
  RELAY_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).default(900),
  RELAY_ALLOWED_KINDS: kindList.optional(),
  RELAY_DENIED_KINDS: kindList.optional(),
  NIP86_ADMIN_PUBKEYS: z
    .string()
    .transform((list) => list.split(",").map((key) => key.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, "must be comma-separated 64-character hex pubkeys")))
    .optional(),
  NIP86_PATH: z.string().regex(/^\/[\w./-]*$/, "must be a path such as /api/relay/nip86").default("/api/relay/nip86"),
  // AI triage (lib/triage)
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url("must be a URL such as https://api.anthropic.com").optional(),
  ANTHROPIC_MODEL: z.string().min(1).default("claude-haiku-4-5"),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  TRIAGE_INTERVAL: duration.optional(),
  TRIAGE_BUDGET_SECONDS: z.coerce.number().int().min(5).max(3600).default(50),
  TRIAGE_MAX_ITEMS: z.coerce.number().int().min(1).max(100_000).default(1000),
  TRIAGE_ITEMS_PER_CALL: z.coerce.number().int().min(1).max(100).default(20),
  TRIAGE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  TRIAGE_CALL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  TRIAGE_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  TRIAGE_AUTO_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.9),
  TRIAGE_MAX_AUTO_ACTIONS: z.coerce.number().int().min(0).default(500),
  CONTENT_EXISTS_URL: z
    .string()
    .regex(/^https?:\/\/\S*\{track_id\}\S*$/, "must be an http(s) URL containing {track_id}")
    .optional(),
  NOTIFY_BOT_HANDLE: z.string().min(1).optional(),
  NOTIFY_BOT_PASSWORD: z.string().min(1).optional(),
  NOTIFY_RECIPIENTS: z
    .string()
    .transform((list) => list.split(",").map((handle) => handle.trim().replace(/^@/, "")).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-zA-Z0-9.-]+$/, "must be comma-separated handles such as mod.bsky.social")))
    .optional(),
  BSKY_SERVICE: z.url("must be a URL such as https://bsky.social").default("https://bsky.social"),
  // Reports (lib/reports)
  /** The public AppView the inbox shows reported posts and profiles from (no account needed). */
  BSKY_APPVIEW_URL: z.url("must be a URL such as https://public.api.bsky.app").default("https://public.api.bsky.app"),
  REPORTS_PER_REPORTER_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Kind-1984 reports from pubkeys of tier `unknown`: recorded with a small weight, or ignored. */
  NOSTR_REPORTS_FROM_UNKNOWN: z.enum(["ignore", "record"], { error: "must be ignore or record" }).default("ignore"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // What /api/health reports as the running version (set by a deployment; a checkout is "dev").
  WARDEN_VERSION: z.string().regex(/^[\x21-\x7e]{1,64}$/, "must be 1-64 printable characters without spaces").default("dev"),
  // Failed credentials of any kind (login, tokens, relay and cron secrets): docs/decisions/014.
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_GLOBAL_FAILURES: z.coerce.number().int().min(1).default(100),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  // subscribeLabels streams open at once, and replays (catching up from an old cursor): decision 015.
  LABELS_IN_MEMORY: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  STREAM_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1000),
  STREAM_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).default(8),
  STREAM_MAX_REPLAYS: z.coerce.number().int().min(1).default(8),
  STREAM_MAX_REPLAYS_PER_CLIENT: z.coerce.number().int().min(1).default(2),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`Invalid environment variable ${variable}: ${problem}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new EnvError(String(issue.path[0] ?? "environment"), issue.message);
}

const cache = globalThis as unknown as { __wardenEnv?: Env };

/** The process environment, parsed on first use. */
export function env(): Env {
  return (cache.__wardenEnv ??= parseEnv(process.env));
}
