-- What a ban replaced, so an unban can put it back after the toast's Undo is gone.
ALTER TABLE "relay_pubkeys" ADD COLUMN "ban_previous_trust" "PubkeyTrust",
ADD COLUMN "ban_previous_note" TEXT;

-- Pubkeys banned before this column: the tier their last ban replaced, from the audit
-- log (a ban or a tier change to blocked records `from`). Their note is not recoverable.
UPDATE "relay_pubkeys" AS p SET "ban_previous_trust" = b.from_tier::"PubkeyTrust"
FROM (
  SELECT DISTINCT ON (subject) subject, detail->>'from' AS from_tier
  FROM "audit_log"
  WHERE subject LIKE 'pubkey:%'
    AND (action = 'relay.author.ban' OR (action = 'relay.pubkey.tier' AND detail->>'tier' = 'blocked'))
    AND detail->>'from' IN ('unknown', 'member', 'trusted')
  ORDER BY subject, id DESC
) AS b
WHERE p."trust" = 'blocked' AND b.subject = 'pubkey:' || p."pubkey";
