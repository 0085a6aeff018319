-- CreateTable
CREATE TABLE "report_presence" (
    "subject_id" INTEGER NOT NULL,
    "moderator" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "report_presence_pkey" PRIMARY KEY ("subject_id","moderator")
);

-- CreateIndex
CREATE INDEX "report_presence_expires_at_idx" ON "report_presence"("expires_at");

-- AddForeignKey
ALTER TABLE "report_presence" ADD CONSTRAINT "report_presence_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "report_subjects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
