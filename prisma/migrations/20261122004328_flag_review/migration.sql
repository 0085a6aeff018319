-- AlterTable
ALTER TABLE "subject_contexts" ADD COLUMN     "resolved_at" TIMESTAMP(3),
ADD COLUMN     "resolved_by" TEXT;

-- CreateIndex
CREATE INDEX "label_heads_src_val_seq_idx" ON "label_heads"("src", "val", "seq");

-- CreateIndex
CREATE INDEX "review_batch_items_uri_idx" ON "review_batch_items"("uri");

-- CreateIndex
CREATE INDEX "subject_contexts_highest_score_uri_idx" ON "subject_contexts"("highest_score", "uri");
