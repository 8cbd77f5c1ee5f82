-- CreateTable
CREATE TABLE "AlertSilence" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "realServerId" TEXT,
    "target" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "until" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "endedBy" TEXT,

    CONSTRAINT "AlertSilence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertSilence_until_idx" ON "AlertSilence"("until");
