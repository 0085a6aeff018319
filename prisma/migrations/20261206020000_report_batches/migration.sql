-- CreateEnum
CREATE TYPE "BatchKind" AS ENUM ('flags', 'reports');

-- AlterTable
ALTER TABLE "review_batches" ADD COLUMN     "act" JSONB,
ADD COLUMN     "kind" "BatchKind" NOT NULL DEFAULT 'flags';
