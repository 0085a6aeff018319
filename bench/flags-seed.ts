import { db } from "@/lib/db";
import { labelerDid } from "@/lib/labels/labeler-identity";

const words = ["night", "drive", "paper", "moon", "glass", "harbour", "velvet", "static", "river", "neon", "echo", "summer"];

/**
 * `count` copyright-violation flags in bulk SQL (seconds, where signing each through
 * createLabels would take minutes): labels with placeholder signatures, their heads,
 * scanner context with varied titles, artists and scores, and every tenth flag
 * resolved by a later negation. Only listing reads these rows; the decisions the
 * benchmark submits sign their negations for real.
 */
export async function seedFlags(count: number): Promise<void> {
  const src = labelerDid();
  const sig = Buffer.alloc(64);
  const list = `{${words.join(",")}}`;
  await db().$executeRaw`
    INSERT INTO labels (src, uri, val, neg, cts, sig)
    SELECT ${src}, 'at://did:plc:benchartist' || (i % 5000) || '/fm.plyr.track/' || i, 'copyright-violation', false,
           now() - make_interval(secs => ${count} - i), ${sig}
    FROM generate_series(1, ${count}) AS i`;
  await db().$executeRaw`
    INSERT INTO subject_contexts (uri, track_id, track_title, artist_handle, highest_score, matches, updated_at)
    SELECT l.uri, l.seq::text,
           initcap(w.list[(1 + l.seq % 12)::int]) || ' ' || initcap(w.list[(1 + (l.seq / 12) % 12)::int]) || ' ' || l.seq,
           'artist' || (l.seq % 5000) || '.example',
           CASE WHEN l.seq % 7 = 0 THEN NULL ELSE ((l.seq * 7919) % 1000) / 1000.0 END,
           jsonb_build_array(jsonb_build_object('title', 'Original ' || l.seq, 'artist', 'Famous Band', 'score', ((l.seq * 7919) % 1000) / 1000.0)),
           now()
    FROM labels l, (SELECT ${list}::text[] AS list) w`;
  await db().$executeRaw`
    INSERT INTO labels (src, uri, val, neg, cts, sig)
    SELECT src, uri, val, true, now(), ${sig} FROM labels WHERE seq % 10 = 0 ORDER BY seq`;
  await db().$executeRaw`
    INSERT INTO label_heads (src, uri, cid, val, seq)
    SELECT DISTINCT ON (src, uri, val) src, uri, '', val, seq FROM labels ORDER BY src, uri, val, seq DESC`;
  await db().$executeRaw`ANALYZE`;
}
