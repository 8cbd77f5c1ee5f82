-- CreateTable
CREATE TABLE "AlertConfig" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" TEXT NOT NULL,
    "smtpPasswordSealed" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertState" (
    "key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AlertMessage" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "recipients" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "AlertMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertAttempt" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "AlertAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertMessage_status_nextAttemptAt_idx" ON "AlertMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertMessage_createdAt_idx" ON "AlertMessage"("createdAt");

-- CreateIndex
CREATE INDEX "AlertAttempt_at_idx" ON "AlertAttempt"("at");

-- CreateIndex
CREATE INDEX "AlertAttempt_messageId_idx" ON "AlertAttempt"("messageId");

-- AddForeignKey
ALTER TABLE "AlertAttempt" ADD CONSTRAINT "AlertAttempt_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "AlertMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
