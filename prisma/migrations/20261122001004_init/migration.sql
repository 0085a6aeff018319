-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('pending', 'completed');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('clear', 'defer', 'confirm');

-- CreateEnum
CREATE TYPE "PubkeyTrust" AS ENUM ('blocked', 'unknown', 'member', 'trusted');

-- CreateEnum
CREATE TYPE "RelayEventStatus" AS ENUM ('pending', 'ai_flagged', 'approved', 'auto_approved', 'rejected');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('none', 'queued', 'retrying', 'delivered');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'moderator', 'triage');

-- CreateTable
CREATE TABLE "labels" (
    "seq" BIGSERIAL NOT NULL,
    "src" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "cid" TEXT,
    "val" TEXT NOT NULL,
    "neg" BOOLEAN NOT NULL DEFAULT false,
    "cts" TIMESTAMP(3) NOT NULL,
    "exp" TIMESTAMP(3),
    "sig" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "label_heads" (
    "src" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "cid" TEXT NOT NULL DEFAULT '',
    "val" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "label_heads_pkey" PRIMARY KEY ("src","uri","cid","val")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "id" SERIAL NOT NULL,
    "did" TEXT NOT NULL,
    "private_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subject_contexts" (
    "uri" TEXT NOT NULL,
    "track_id" TEXT,
    "track_title" TEXT,
    "artist_handle" TEXT,
    "artist_did" TEXT,
    "highest_score" DOUBLE PRECISION,
    "matches" JSONB,
    "resolution_reason" TEXT,
    "resolution_notes" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subject_contexts_pkey" PRIMARY KEY ("uri")
);

-- CreateTable
CREATE TABLE "review_batches" (
    "id" TEXT NOT NULL,
    "status" "BatchStatus" NOT NULL DEFAULT 'pending',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "review_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_batch_items" (
    "batch_id" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "decision" "ReviewDecision",
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),

    CONSTRAINT "review_batch_items_pkey" PRIMARY KEY ("batch_id","uri")
);

-- CreateTable
CREATE TABLE "sensitive_images" (
    "id" SERIAL NOT NULL,
    "image_id" TEXT,
    "url" TEXT,
    "reason" TEXT,
    "flagged_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sensitive_images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relay_pubkeys" (
    "pubkey" TEXT NOT NULL,
    "trust" "PubkeyTrust" NOT NULL,
    "note" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "relay_pubkeys_pkey" PRIMARY KEY ("pubkey")
);

-- CreateTable
CREATE TABLE "relay_events" (
    "id" TEXT NOT NULL,
    "pubkey" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "event" JSONB NOT NULL,
    "status" "RelayEventStatus" NOT NULL DEFAULT 'pending',
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "reason" TEXT,
    "delivery" "DeliveryState" NOT NULL DEFAULT 'none',
    "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
    "delivery_error" TEXT,
    "next_delivery_at" TIMESTAMP(3),

    CONSTRAINT "relay_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderator_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "moderator_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_secrets_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "detail" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "labels_uri_idx" ON "labels"("uri");

-- CreateIndex
CREATE INDEX "labels_val_idx" ON "labels"("val");

-- CreateIndex
CREATE INDEX "labels_src_uri_val_idx" ON "labels"("src", "uri", "val");

-- CreateIndex
CREATE UNIQUE INDEX "label_heads_seq_key" ON "label_heads"("seq");

-- CreateIndex
CREATE INDEX "label_heads_uri_idx" ON "label_heads"("uri");

-- CreateIndex
CREATE INDEX "review_batches_status_created_at_idx" ON "review_batches"("status", "created_at");

-- CreateIndex
CREATE INDEX "relay_events_status_received_at_idx" ON "relay_events"("status", "received_at");

-- CreateIndex
CREATE INDEX "relay_events_pubkey_idx" ON "relay_events"("pubkey");

-- CreateIndex
CREATE INDEX "relay_events_delivery_next_delivery_at_idx" ON "relay_events"("delivery", "next_delivery_at");

-- CreateIndex
CREATE UNIQUE INDEX "moderator_tokens_name_key" ON "moderator_tokens"("name");

-- CreateIndex
CREATE UNIQUE INDEX "moderator_tokens_hash_key" ON "moderator_tokens"("hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_subject_idx" ON "audit_log"("subject");

-- AddForeignKey
ALTER TABLE "review_batch_items" ADD CONSTRAINT "review_batch_items_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "review_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
