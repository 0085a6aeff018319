/**
 * Where a moderator can see the flagged content: plyr.fm's track page when the
 * scanner gave a track id, a Bluesky post for an app.bsky post, otherwise the
 * record itself in pdsls.dev (an AT Protocol record browser), so that even a
 * flag without scanner context links to what was flagged.
 */
export function contentUrl(uri: string, trackId: string | null): string | null {
  const plyr = /^at:\/\/[^/]+\/fm\.plyr(\.stg|\.dev)?\.track\//.exec(uri);
  if (plyr && trackId) {
    const host = { "": "plyr.fm", ".stg": "stg.plyr.fm" }[plyr[1] ?? ""];
    if (host) return `https://${host}/track/${encodeURIComponent(trackId)}`;
  }
  const post = /^at:\/\/(did:[a-z]+:[\w.:%-]+)\/app\.bsky\.feed\.post\/([\w.~-]+)$/.exec(uri);
  if (post) return `https://bsky.app/profile/${post[1]}/post/${post[2]}`;
  const record = /^at:\/\/(did:[a-z]+:[\w.:%-]+)\/([a-zA-Z][\w.-]*)\/([\w.~:-]+)$/.exec(uri);
  return record ? `https://pdsls.dev/at://${record[1]}/${record[2]}/${record[3]}` : null;
}

/** An ISRC as recordings are registered: two letters, three alphanumerics, seven digits (hyphens dropped). */
const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

/**
 * Where a moderator can hear the matched recording: the scanner's own link
 * (AuDD's song_link) when it is http(s), else the ISRC's MusicBrainz page.
 */
export function recordingUrl(match: { song_link?: string; isrc?: string }): string | null {
  const link = match.song_link;
  if (link && /^https?:\/\//i.test(link) && URL.canParse(link)) return link;
  const isrc = match.isrc?.replace(/-/g, "").toUpperCase();
  return isrc && ISRC.test(isrc) ? `https://musicbrainz.org/isrc/${isrc}` : null;
}
