-- CreateTable
CREATE TABLE "AlertSilence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "realServerId" TEXT,
    "target" TEXT NOT NULL,
    "from" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "until" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "endedBy" TEXT
);

-- CreateIndex
CREATE INDEX "AlertSilence_until_idx" ON "AlertSilence"("until");
