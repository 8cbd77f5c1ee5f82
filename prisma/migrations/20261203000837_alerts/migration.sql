-- CreateTable
CREATE TABLE "AlertConfig" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "value" TEXT NOT NULL,
    "smtpPasswordSealed" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "since" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "recipients" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" DATETIME
);

-- CreateTable
CREATE TABLE "AlertAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "detail" TEXT NOT NULL,
    CONSTRAINT "AlertAttempt_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "AlertMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AlertMessage_status_nextAttemptAt_idx" ON "AlertMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertMessage_createdAt_idx" ON "AlertMessage"("createdAt");

-- CreateIndex
CREATE INDEX "AlertAttempt_at_idx" ON "AlertAttempt"("at");

-- CreateIndex
CREATE INDEX "AlertAttempt_messageId_idx" ON "AlertAttempt"("messageId");
