-- CreateTable
CREATE TABLE "DrainJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "realServerId" TEXT NOT NULL,
    "virtualServiceId" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "DrainJob_status_idx" ON "DrainJob"("status");

-- CreateIndex
CREATE INDEX "DrainJob_realServerId_idx" ON "DrainJob"("realServerId");
