-- The account each label's subject belongs to, generated from `uri`: the authority of an
-- at:// URI (up to the first / ? or #), or the subject itself (a DID). Prisma cannot
-- describe a generated column; it sees a nullable text column, which this is.
ALTER TABLE "label_heads" ADD COLUMN "authority" TEXT
  GENERATED ALWAYS AS (coalesce(substring("uri" from '^at://([^/?#]+)'), "uri")) STORED;

-- CreateIndex
CREATE INDEX "label_heads_authority_seq_idx" ON "label_heads"("authority", "seq");
