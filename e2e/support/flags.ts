import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./settings";

export const admin = { "x-moderation-key": E2E_ADMIN_TOKEN };

/** A run-unique word, so each test's flags are found by search and never collide. */
export const runWord = () => `w${randomBytes(4).toString("hex")}`;

export type SeededFlag = { uri: string; title: string };

/** Raises flags as plyr.fm's scanner does: POST /emit-label with the scanner's context. */
export async function emitFlags(request: APIRequestContext, word: string, titles: string[]): Promise<SeededFlag[]> {
  const flags: SeededFlag[] = [];
  for (const [i, title] of titles.entries()) {
    const uri = `at://did:plc:e2eflags${word}aaaaaaaa/fm.plyr.track/${word}${i}`;
    const response = await request.post("/emit-label", {
      headers: admin,
      data: {
        uri,
        val: "copyright-violation",
        context: {
          track_id: 1000 + i,
          track_title: `${title} ${word}`,
          artist_handle: `artist${i}.${word}.example`,
          highest_score: 0.6 + i / 10,
          // As plyr.fm's AuDD scan reports a match: with its ISRC, and where it matched.
          matches: [{ title: `${title} (original)`, artist: "Famous Band", score: 0.6 + i / 10, isrc: `USRC1760${String(7839 + i).padStart(4, "0")}`, timecode: "00:56", offset_ms: 30_000 + i * 1000 }],
        },
      },
    });
    expect(response.status()).toBe(200);
    flags.push({ uri, title: `${title} ${word}` });
  }
  return flags;
}

/**
 * Whether each subject's copyright-violation label is negated, read back through
 * the labeler's public queryLabels (the check a Bluesky app would make).
 */
export async function negatedByQueryLabels(request: APIRequestContext, uris: string[]): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (const uri of uris) {
    const response = await request.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(uri)}`);
    expect(response.status()).toBe(200);
    const { labels } = (await response.json()) as { labels: { val: string; neg?: boolean }[] };
    answers.push(labels.some((label) => label.val === "copyright-violation" && label.neg === true));
  }
  return answers;
}
