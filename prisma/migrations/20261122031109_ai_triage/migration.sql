-- CreateEnum
CREATE TYPE "TriageRunStatus" AS ENUM ('running', 'completed', 'stopped', 'failed', 'abandoned');

-- CreateTable
CREATE TABLE "triage_runs" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "status" "TriageRunStatus" NOT NULL DEFAULT 'running',
    "stop_reason" TEXT,
    "model" TEXT NOT NULL,
    "prompt_version" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "counts" JSONB,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cache_read_tokens" INTEGER NOT NULL DEFAULT 0,
    "cache_write_tokens" INTEGER NOT NULL DEFAULT 0,
    "batch_id" TEXT,
    "notified" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "triage_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triage_decisions" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "pipeline" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "dry_run" BOOLEAN NOT NULL,
    "verdict" TEXT,
    "confidence" DOUBLE PRECISION,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_version" TEXT NOT NULL,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMP(3),
    "undone_by" TEXT,

    CONSTRAINT "triage_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triage_leases" (
    "item" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "triage_leases_pkey" PRIMARY KEY ("item")
);

-- CreateIndex
CREATE INDEX "triage_runs_started_at_idx" ON "triage_runs"("started_at");

-- CreateIndex
CREATE INDEX "triage_decisions_run_id_id_idx" ON "triage_decisions"("run_id", "id");

-- CreateIndex
CREATE INDEX "triage_decisions_pipeline_item_idx" ON "triage_decisions"("pipeline", "item");

-- CreateIndex
CREATE INDEX "triage_decisions_at_idx" ON "triage_decisions"("at");

-- CreateIndex
CREATE INDEX "triage_leases_run_id_idx" ON "triage_leases"("run_id");

-- AddForeignKey
ALTER TABLE "triage_decisions" ADD CONSTRAINT "triage_decisions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "triage_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
