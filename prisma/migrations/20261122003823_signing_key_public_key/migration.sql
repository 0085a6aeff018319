-- AlterTable
ALTER TABLE "signing_keys" ADD COLUMN     "public_key" TEXT NOT NULL,
ALTER COLUMN "private_key" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_public_key_key" ON "signing_keys"("public_key");
