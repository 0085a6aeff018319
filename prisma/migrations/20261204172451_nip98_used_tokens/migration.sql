-- CreateTable
CREATE TABLE "nip98_used_tokens" (
    "signature" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "nip98_used_tokens_pkey" PRIMARY KEY ("signature")
);

-- CreateIndex
CREATE INDEX "nip98_used_tokens_expires_at_idx" ON "nip98_used_tokens"("expires_at");
