-- AlterTable
ALTER TABLE "review_batches" ADD COLUMN     "name" TEXT;
