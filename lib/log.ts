import pino from "pino";

const REDACTED = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "headers.authorization",
  "headers.cookie",
  'headers["x-moderation-key"]',
  'headers["set-cookie"]',
];

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
// Read directly (not through env()) so that logging works while env() reports a bad variable.
const level = LEVELS.includes(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL! : "info";

const cache = globalThis as unknown as { __wardenLogger?: pino.Logger };

/** The process-wide structured JSON logger. Secrets are redacted by path. */
export const logger: pino.Logger = (cache.__wardenLogger ??= pino({
  level,
  base: { service: "warden" },
  redact: { paths: REDACTED, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
}));
