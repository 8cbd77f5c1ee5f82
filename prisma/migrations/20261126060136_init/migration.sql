-- CreateTable
CREATE TABLE "VirtualService" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "ports" TEXT NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'tcp',
    "forwarding" TEXT NOT NULL DEFAULT 'dr',
    "scheduler" TEXT NOT NULL DEFAULT 'wlc',
    "persistenceEnabled" BOOLEAN NOT NULL DEFAULT false,
    "persistenceTimeout" INTEGER NOT NULL DEFAULT 300,
    "persistenceGranularity" TEXT,
    "healthCheckType" TEXT NOT NULL DEFAULT 'connect',
    "healthCheckPort" INTEGER,
    "healthCheckProtocol" TEXT,
    "healthCheckRequest" TEXT,
    "healthCheckResponse" TEXT,
    "healthCheckVirtualHost" TEXT,
    "healthCheckCommand" TEXT,
    "fallbackIp" TEXT,
    "fallbackPort" INTEGER,
    "fwmark" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RealServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "virtualServiceId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "port" INTEGER,
    "weight" INTEGER NOT NULL DEFAULT 100,
    "minConnections" INTEGER NOT NULL DEFAULT 0,
    "maxConnections" INTEGER NOT NULL DEFAULT 0,
    "adminState" TEXT NOT NULL DEFAULT 'online',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RealServer_virtualServiceId_fkey" FOREIGN KEY ("virtualServiceId") REFERENCES "VirtualService" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FloatingIp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "prefix" INTEGER NOT NULL DEFAULT 32,
    "purpose" TEXT NOT NULL DEFAULT 'vip',
    "interface" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Director" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'primary',
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 22,
    "user" TEXT NOT NULL DEFAULT 'root',
    "hostKeyFingerprint" TEXT,
    "vrrpInterface" TEXT NOT NULL DEFAULT 'eth0',
    "vrrpAddress" TEXT,
    "vrrpPriority" INTEGER NOT NULL DEFAULT 100,
    "lastApplyStatus" TEXT,
    "lastApplyAt" DATETIME,
    "lastApplyError" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "artefacts" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApplyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revisionId" TEXT,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ApplyRun_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ConfigRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApplyStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applyRunId" TEXT NOT NULL,
    "directorId" TEXT,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "output" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ApplyStep_applyRunId_fkey" FOREIGN KEY ("applyRunId") REFERENCES "ApplyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApplyStep_directorId_fkey" FOREIGN KEY ("directorId") REFERENCES "Director" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "VirtualService_label_key" ON "VirtualService"("label");

-- CreateIndex
CREATE UNIQUE INDEX "VirtualService_fwmark_key" ON "VirtualService"("fwmark");

-- CreateIndex
CREATE INDEX "RealServer_virtualServiceId_idx" ON "RealServer"("virtualServiceId");

-- CreateIndex
CREATE UNIQUE INDEX "RealServer_virtualServiceId_label_key" ON "RealServer"("virtualServiceId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "FloatingIp_address_key" ON "FloatingIp"("address");

-- CreateIndex
CREATE UNIQUE INDEX "Director_name_key" ON "Director"("name");

-- CreateIndex
CREATE INDEX "ConfigRevision_createdAt_idx" ON "ConfigRevision"("createdAt");

-- CreateIndex
CREATE INDEX "ApplyRun_startedAt_idx" ON "ApplyRun"("startedAt");

-- CreateIndex
CREATE INDEX "ApplyStep_applyRunId_seq_idx" ON "ApplyStep"("applyRunId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_objectType_objectId_idx" ON "AuditEvent"("objectType", "objectId");

-- CreateIndex
CREATE UNIQUE INDEX "User_name_key" ON "User"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_name_key" ON "ApiKey"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");
