-- CreateIndex
CREATE INDEX "labels_src_val_neg_seq_idx" ON "labels"("src", "val", "neg", "seq");
