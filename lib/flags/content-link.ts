/**
 * Where a moderator can see the flagged content: plyr.fm's track page when the
 * scanner gave a track id, a Bluesky post for an app.bsky post, otherwise nothing.
 */
export function contentUrl(uri: string, trackId: string | null): string | null {
  const plyr = /^at:\/\/[^/]+\/fm\.plyr(\.stg|\.dev)?\.track\//.exec(uri);
  if (plyr && trackId) {
    const host = { "": "plyr.fm", ".stg": "stg.plyr.fm" }[plyr[1] ?? ""];
    return host ? `https://${host}/track/${encodeURIComponent(trackId)}` : null;
  }
  const post = /^at:\/\/(did:[a-z]+:[\w.:%-]+)\/app\.bsky\.feed\.post\/([\w.~-]+)$/.exec(uri);
  return post ? `https://bsky.app/profile/${post[1]}/post/${post[2]}` : null;
}
