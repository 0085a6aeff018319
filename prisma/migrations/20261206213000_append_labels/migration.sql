-- A label group written by one statement (docs/decisions/039-a-label-group-in-one-statement.md).
-- Called outside a transaction, it is its own: the write lock is taken inside PostgreSQL
-- and held only until this statement commits, so no round trip to the server runs under it.
-- In a VOLATILE function each statement takes a new snapshot: the retired-key read below
-- sees a rotation that committed while this call waited for the lock.
-- Returns the group's seqs in input order, or none (and writes nothing) when the key
-- that signed the labels was retired meanwhile.
CREATE FUNCTION "append_labels"(
  "lock_key" BIGINT,
  "lock_wait" TEXT,
  "channel" TEXT,
  "signing_key" TEXT,
  "srcs" TEXT[], "uris" TEXT[], "cids" TEXT[], "vals" TEXT[], "negs" BOOLEAN[],
  "ctss" TEXT[], "exps" TEXT[], "sigs" TEXT[],
  "actors" TEXT[], "actions" TEXT[], "details" TEXT[]
) RETURNS BIGINT[] VOLATILE LANGUAGE plpgsql AS $$
DECLARE
  "seqs" BIGINT[];
BEGIN
  PERFORM set_config('lock_timeout', "lock_wait", true);
  PERFORM pg_advisory_xact_lock("lock_key");
  IF EXISTS (SELECT 1 FROM "signing_keys" WHERE "public_key" = "signing_key" AND "retired_at" IS NOT NULL) THEN
    RETURN '{}';
  END IF;
  -- Drawn under the lock, so rows commit in seq order; sorted, so a batch's seqs follow its order.
  SELECT array_agg("drawn"."seq" ORDER BY "drawn"."seq") INTO "seqs"
    FROM (SELECT nextval(pg_get_serial_sequence('labels', 'seq')) AS "seq" FROM generate_series(1, cardinality("uris"))) AS "drawn";

  INSERT INTO "labels" ("seq", "src", "uri", "cid", "val", "neg", "cts", "exp", "sig", "created_at")
    SELECT t."seq", t."src", t."uri", NULLIF(t."cid", ''), t."val", t."neg", t."cts"::timestamp(3),
           NULLIF(t."exp", '')::timestamp(3), decode(t."sig", 'hex'), now() AT TIME ZONE 'UTC'
    FROM unnest("seqs", "srcs", "uris", "cids", "vals", "negs", "ctss", "exps", "sigs")
      AS t("seq", "src", "uri", "cid", "val", "neg", "cts", "exp", "sig");

  -- A batch may name the same label twice: its last (highest seq) is the head.
  INSERT INTO "label_heads" ("src", "uri", "cid", "val", "seq")
    SELECT DISTINCT ON (t."src", t."uri", t."cid", t."val") t."src", t."uri", t."cid", t."val", t."seq"
    FROM unnest("seqs", "srcs", "uris", "cids", "vals") AS t("seq", "src", "uri", "cid", "val")
    ORDER BY t."src", t."uri", t."cid", t."val", t."seq" DESC
    ON CONFLICT ("src", "uri", "cid", "val") DO UPDATE SET "seq" = excluded."seq";

  -- The audit entries come typed from lib/audit; only the seq they record is drawn here.
  INSERT INTO "audit_log" ("at", "actor", "action", "subject", "detail")
    SELECT now() AT TIME ZONE 'UTC', t."actor", t."action", t."uri", jsonb_build_object('seq', t."seq") || t."detail"::jsonb
    FROM unnest("seqs", "actors", "actions", "uris", "details") AS t("seq", "actor", "action", "uri", "detail");

  PERFORM pg_notify("channel", "seqs"[cardinality("seqs")]::text);
  RETURN "seqs";
END
$$;
