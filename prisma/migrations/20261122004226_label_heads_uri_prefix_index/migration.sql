-- DropIndex
DROP INDEX "label_heads_uri_idx";

-- CreateIndex
CREATE INDEX "label_heads_uri_idx" ON "label_heads" USING SPGIST ("uri" text_ops);
