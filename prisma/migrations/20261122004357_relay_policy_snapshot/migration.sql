-- AlterTable
ALTER TABLE "relay_events" ADD COLUMN     "address" TEXT;

-- CreateTable
CREATE TABLE "relay_policy_state" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL,
    "pruned_through" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "relay_policy_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relay_policy_changes" (
    "id" BIGSERIAL NOT NULL,
    "version" BIGINT NOT NULL,
    "pubkey" TEXT,
    "tier" "PubkeyTrust",
    "event_id" TEXT,
    "approved" BOOLEAN,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relay_policy_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "relay_policy_changes_version_idx" ON "relay_policy_changes"("version");

-- CreateIndex
CREATE INDEX "relay_policy_changes_at_idx" ON "relay_policy_changes"("at");

-- CreateIndex
CREATE INDEX "relay_events_address_idx" ON "relay_events"("address");
