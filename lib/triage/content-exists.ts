import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const CHECK_TIMEOUT_MS = 5_000;

/**
 * Whether the flagged content still exists, from CONTENT_EXISTS_URL with the track id
 * filled in. Only a 404 means deleted: any other answer, an error or a timeout
 * means "assume it exists", so a flaky API never clears a flag.
 */
export async function contentExists(trackId: string, template = env().CONTENT_EXISTS_URL): Promise<boolean> {
  if (!template) return true;
  const url = template.replaceAll("{track_id}", encodeURIComponent(trackId));
  try {
    const response = await fetch(url, { method: "GET", redirect: "follow", signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status !== 404;
  } catch (error) {
    logger.warn({ err: error, trackId }, "content check failed; assuming the content exists");
    return true;
  }
}
