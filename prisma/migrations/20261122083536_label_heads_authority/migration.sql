-- The account each label's subject belongs to: the authority of an at:// URI (up to the
-- first / ? or #), or the subject itself (a DID). A trigger keeps it, so every writer of
-- label_heads gets it without naming it. Prisma describes neither triggers nor generated
-- columns (it reads a generated column's expression as a default, which a migration made
-- from the schema could not create), so the schema shows a plain nullable column.
ALTER TABLE "label_heads" ADD COLUMN "authority" TEXT;

CREATE FUNCTION "label_heads_set_authority"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."authority" := coalesce(substring(NEW."uri" from '^at://([^/?#]+)'), NEW."uri");
  RETURN NEW;
END
$$;

CREATE TRIGGER "label_heads_authority" BEFORE INSERT OR UPDATE ON "label_heads"
  FOR EACH ROW EXECUTE FUNCTION "label_heads_set_authority"();

UPDATE "label_heads" SET "authority" = coalesce(substring("uri" from '^at://([^/?#]+)'), "uri");

-- CreateIndex
CREATE INDEX "label_heads_authority_seq_idx" ON "label_heads"("authority", "seq");
