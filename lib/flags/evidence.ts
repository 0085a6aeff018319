import { contentUrl, recordingUrl } from "./content-link";
import type { FlagContext, Match } from "./load-flags";

/** One match as a card shows it: the recording's link and the matched segment when the scanner gave them. */
export type MatchEvidence = {
  title: string;
  artist: string;
  score: number;
  album: string | null;
  href: string | null;
  /** "1:23 into the upload · 0:56 into the recording", or null. */
  segment: string | null;
};

/** What a decision on a flag needs (review cards, triage run rows): computed on the server, plain JSON. */
export type FlagEvidence = {
  title: string;
  artist: string | null;
  /** The flagged content itself. */
  href: string | null;
  score: number | null;
  matches: MatchEvidence[];
};

/** "1:23", or "1:02:03" past an hour. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** AuDD's timecode ("00:56", "01:02:03") as a clock, or null when it is something else. */
function timecodeClock(timecode: string | undefined): string | null {
  const parts = timecode?.trim().match(/^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/);
  if (!parts) return null;
  const [h, m, s] = parts[3] === undefined ? [0, Number(parts[1]), Number(parts[2])] : [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return clock(((h * 60 + m) * 60 + s) * 1000);
}

export function matchSegment(match: Pick<Match, "offset_ms" | "timecode">): string | null {
  const upload = match.offset_ms !== undefined ? `${clock(match.offset_ms)} into the upload` : null;
  const recording = timecodeClock(match.timecode);
  const parts = [upload, recording && `${recording} into the recording`].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

export function matchEvidence(match: Match): MatchEvidence {
  return {
    title: match.title,
    artist: match.artist,
    score: match.score,
    album: match.album ?? null,
    href: recordingUrl(match),
    segment: matchSegment(match),
  };
}

type EvidenceContext = Pick<FlagContext, "trackId" | "trackTitle" | "artistHandle" | "highestScore" | "matches">;

/** A flag's evidence: the top `top` matches, best first (scanners list them in no fixed order). */
export function flagEvidence(uri: string, context: EvidenceContext | null | undefined, top = 3): FlagEvidence {
  const matches = [...(context?.matches ?? [])].sort((a, b) => b.score - a.score).slice(0, top);
  return {
    title: context?.trackTitle ?? "Unknown track",
    artist: context?.artistHandle ?? null,
    href: contentUrl(uri, context?.trackId ?? null),
    score: context?.highestScore ?? matches[0]?.score ?? null,
    matches: matches.map(matchEvidence),
  };
}
