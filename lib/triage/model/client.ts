import Anthropic, { type ClientOptions } from "@anthropic-ai/sdk";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

/** What a caller may change; other kinds of credential would clash with the API key. */
export type ModelClientOptions = Omit<ClientOptions, "authToken" | "credentials" | "config" | "profile">;

/**
 * The Anthropic client triage uses, configured from the environment, or null when
 * ANTHROPIC_API_KEY is unset (triage is then disabled). `options` override the
 * environment: tests and the benchmark point it at their own server.
 *
 * The SDK itself retries 408, 409, 429 and 5xx answers and timed-out attempts, with
 * backoff and honouring retry-after; TRIAGE_CALL_TIMEOUT_SECONDS bounds each attempt.
 */
export function createModelClient(options: ModelClientOptions = {}): Anthropic | null {
  const settings = env();
  const apiKey = options.apiKey ?? settings.ANTHROPIC_API_KEY;
  if (!apiKey) return null;
  return new Anthropic({
    // null, not undefined: env() is the one source of settings, so the SDK must not
    // fall back to reading process.env itself.
    baseURL: settings.ANTHROPIC_BASE_URL ?? null,
    maxRetries: settings.TRIAGE_MAX_RETRIES,
    timeout: settings.TRIAGE_CALL_TIMEOUT_SECONDS * 1000,
    logger: logger.child({ module: "anthropic" }),
    ...options,
    apiKey,
  });
}
