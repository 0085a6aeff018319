-- The value the copyright workflow emits (lib/flags/flag-definition.ts), defined out of
-- the box so emission never refuses it. An operator's own edit is kept.
INSERT INTO "label_definitions" ("identifier", "severity", "blurs", "default_setting", "adult_only", "locales")
VALUES (
  'copyright-violation', 'alert', 'none', 'warn', false,
  '[{"lang": "en", "name": "Copyright violation", "description": "An audio fingerprint matched this track to a rights holder''s work; a moderator reviews the match."}]'::jsonb
)
ON CONFLICT ("identifier") DO NOTHING;
