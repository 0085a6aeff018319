-- CreateEnum
CREATE TYPE "ReportSubjectState" AS ENUM ('open', 'escalated', 'resolved', 'dismissed');

-- CreateEnum
CREATE TYPE "ReportSource" AS ENUM ('atproto', 'nostr', 'service');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'reporter';

-- CreateTable
CREATE TABLE "report_subjects" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" JSONB NOT NULL,
    "author" TEXT,
    "state" "ReportSubjectState" NOT NULL DEFAULT 'open',
    "appealed" BOOLEAN NOT NULL DEFAULT false,
    "report_count" INTEGER NOT NULL DEFAULT 0,
    "reporter_count" INTEGER NOT NULL DEFAULT 0,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reason_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "first_reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_subjects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports" (
    "id" SERIAL NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "source" "ReportSource" NOT NULL,
    "reporter" TEXT NOT NULL,
    "reason_type" TEXT NOT NULL,
    "reason" TEXT,
    "subject_ref" JSONB NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "nostr_event_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_subject_events" (
    "id" BIGSERIAL NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "detail" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_subject_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reporter_restrictions" (
    "reporter" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "until" TIMESTAMP(3),
    "note" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reporter_restrictions_pkey" PRIMARY KEY ("reporter")
);

-- CreateTable
CREATE TABLE "service_jwt_uses" (
    "iss" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_jwt_uses_pkey" PRIMARY KEY ("iss","jti")
);

-- CreateIndex
CREATE UNIQUE INDEX "report_subjects_key_key" ON "report_subjects"("key");

-- CreateIndex
CREATE INDEX "report_subjects_state_last_reported_at_id_idx" ON "report_subjects"("state", "last_reported_at", "id");

-- CreateIndex
CREATE INDEX "report_subjects_state_report_count_id_idx" ON "report_subjects"("state", "report_count", "id");

-- CreateIndex
CREATE INDEX "report_subjects_author_idx" ON "report_subjects"("author");

-- CreateIndex
CREATE INDEX "reports_subject_id_reporter_idx" ON "reports"("subject_id", "reporter");

-- CreateIndex
CREATE INDEX "reports_reporter_created_at_idx" ON "reports"("reporter", "created_at");

-- CreateIndex
CREATE INDEX "reports_nostr_event_id_idx" ON "reports"("nostr_event_id");

-- CreateIndex
CREATE INDEX "report_subject_events_subject_id_id_idx" ON "report_subject_events"("subject_id", "id");

-- CreateIndex
CREATE INDEX "service_jwt_uses_expires_at_idx" ON "service_jwt_uses"("expires_at");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "report_subjects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_subject_events" ADD CONSTRAINT "report_subject_events_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "report_subjects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
