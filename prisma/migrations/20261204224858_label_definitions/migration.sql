-- CreateTable
CREATE TABLE "label_definitions" (
    "identifier" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "blurs" TEXT NOT NULL,
    "default_setting" TEXT NOT NULL DEFAULT 'warn',
    "adult_only" BOOLEAN NOT NULL DEFAULT false,
    "locales" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_definitions_pkey" PRIMARY KEY ("identifier")
);

-- CreateTable
CREATE TABLE "labeler_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "account_did" TEXT,
    "pds_url" TEXT,
    "reason_types" JSONB,
    "subject_types" JSONB,
    "subject_collections" JSONB,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labeler_settings_pkey" PRIMARY KEY ("id")
);
