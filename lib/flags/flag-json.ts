import type { Flag, Match } from "./load-flags";

/** plyr.fm's `LabelContext`: resolution fields only once a flag was resolved. */
export type LabelContextJson = {
  track_id: number | string | null;
  track_title: string | null;
  artist_handle: string | null;
  artist_did: string | null;
  highest_score: number | null;
  /** Always a list: plyr.fm's loop slices it (`.get("matches", [])[:3]`), and null breaks that. */
  matches: Match[];
  resolution_reason?: string;
  resolution_notes?: string;
  resolved_by?: string;
  resolved_at?: string;
};

/** plyr.fm's `FlaggedTrack`, plus `status` (which also tells an expired flag apart) and `cid` when pinned. */
export type FlaggedTrackJson = {
  seq: number;
  uri: string;
  val: string;
  created_at: string;
  resolved: boolean;
  status: Flag["status"];
  cid?: string;
  context?: LabelContextJson;
};

/** "2026-11-22 14:05:09", the seed's `%Y-%m-%d %H:%M:%S` in UTC. */
const plyrTime = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

/** plyr.fm sends integer track ids; keep them numbers on the way out. */
const trackId = (id: string) => (/^-?\d{1,15}$/.test(id) ? Number(id) : id);

export function toFlaggedTrack(flag: Flag): FlaggedTrackJson {
  const context = flag.context;
  const resolved = flag.status === "resolved";
  return {
    seq: flag.seq,
    uri: flag.uri,
    val: flag.val,
    created_at: plyrTime(flag.flaggedAt),
    resolved,
    status: flag.status,
    ...(flag.cid && { cid: flag.cid }),
    ...(context && {
      context: {
        track_id: context.trackId === null ? null : trackId(context.trackId),
        track_title: context.trackTitle,
        artist_handle: context.artistHandle,
        artist_did: context.artistDid,
        highest_score: context.highestScore,
        matches: context.matches,
        ...(resolved && context.resolutionReason && { resolution_reason: context.resolutionReason }),
        ...(resolved && context.resolutionNotes && { resolution_notes: context.resolutionNotes }),
        ...(resolved && context.resolvedBy && { resolved_by: context.resolvedBy }),
        ...(resolved && context.resolvedAt && { resolved_at: context.resolvedAt.toISOString() }),
      },
    }),
  };
}
