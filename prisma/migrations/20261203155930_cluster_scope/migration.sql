-- CreateTable
CREATE TABLE "ClusterGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "userId" TEXT,
    "role" TEXT NOT NULL,
    CONSTRAINT "ClusterGrant_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClusterGrant_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClusterGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApplyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revisionId" TEXT,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "warning" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "clusterId" TEXT NOT NULL DEFAULT 'default',
    CONSTRAINT "ApplyRun_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ConfigRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApplyRun_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ApplyRun" ("actor", "comment", "error", "finishedAt", "id", "revisionId", "startedAt", "status", "warning") SELECT "actor", "comment", "error", "finishedAt", "id", "revisionId", "startedAt", "status", "warning" FROM "ApplyRun";
DROP TABLE "ApplyRun";
ALTER TABLE "new_ApplyRun" RENAME TO "ApplyRun";
CREATE INDEX "ApplyRun_startedAt_idx" ON "ApplyRun"("startedAt");
CREATE TABLE "new_ConfigRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "artefacts" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "configVersion" INTEGER,
    "clusterId" TEXT NOT NULL DEFAULT 'default',
    CONSTRAINT "ConfigRevision_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ConfigRevision" ("actor", "artefacts", "comment", "configVersion", "createdAt", "hash", "id", "snapshot") SELECT "actor", "artefacts", "comment", "configVersion", "createdAt", "hash", "id", "snapshot" FROM "ConfigRevision";
DROP TABLE "ConfigRevision";
ALTER TABLE "new_ConfigRevision" RENAME TO "ConfigRevision";
CREATE INDEX "ConfigRevision_createdAt_idx" ON "ConfigRevision"("createdAt");
CREATE TABLE "new_Director" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'primary',
    "clusterId" TEXT NOT NULL DEFAULT 'default',
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
    "stateUnknownSince" DATETIME,
    "stateUnknownReason" TEXT,
    "appliedHash" TEXT,
    "appliedAt" DATETIME,
    "yieldSince" DATETIME,
    "catchUpFailures" INTEGER NOT NULL DEFAULT 0,
    "catchUpNextAt" DATETIME,
    "catchUpError" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Director_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Director" ("appliedAt", "appliedHash", "catchUpError", "catchUpFailures", "catchUpNextAt", "createdAt", "host", "hostKeyFingerprint", "id", "lastApplyAt", "lastApplyError", "lastApplyStatus", "name", "port", "role", "stateUnknownReason", "stateUnknownSince", "updatedAt", "user", "version", "vrrpAddress", "vrrpInterface", "vrrpPriority", "yieldSince") SELECT "appliedAt", "appliedHash", "catchUpError", "catchUpFailures", "catchUpNextAt", "createdAt", "host", "hostKeyFingerprint", "id", "lastApplyAt", "lastApplyError", "lastApplyStatus", "name", "port", "role", "stateUnknownReason", "stateUnknownSince", "updatedAt", "user", "version", "vrrpAddress", "vrrpInterface", "vrrpPriority", "yieldSince" FROM "Director";
DROP TABLE "Director";
ALTER TABLE "new_Director" RENAME TO "Director";
CREATE UNIQUE INDEX "Director_name_key" ON "Director"("name");
CREATE TABLE "new_FloatingIp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "prefix" INTEGER NOT NULL DEFAULT 32,
    "purpose" TEXT NOT NULL DEFAULT 'vip',
    "interface" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clusterId" TEXT NOT NULL DEFAULT 'default',
    CONSTRAINT "FloatingIp_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_FloatingIp" ("address", "createdAt", "id", "interface", "prefix", "purpose") SELECT "address", "createdAt", "id", "interface", "prefix", "purpose" FROM "FloatingIp";
DROP TABLE "FloatingIp";
ALTER TABLE "new_FloatingIp" RENAME TO "FloatingIp";
CREATE UNIQUE INDEX "FloatingIp_address_key" ON "FloatingIp"("address");
CREATE TABLE "new_VirtualService" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL DEFAULT 'default',
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
    "healthCheckOptions" TEXT,
    "fallbackIp" TEXT,
    "fallbackPort" INTEGER,
    "fwmark" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "emailAlert" TEXT NOT NULL DEFAULT '',
    "quorum" INTEGER,
    "quiescent" BOOLEAN,
    "hysteresis" INTEGER,
    "checkInterval" INTEGER,
    "checkTimeout" INTEGER,
    "checkRetries" INTEGER,
    "checkRetryDelay" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "VirtualService_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_VirtualService" ("checkInterval", "checkRetries", "checkRetryDelay", "checkTimeout", "createdAt", "emailAlert", "fallbackIp", "fallbackPort", "forwarding", "fwmark", "healthCheckCommand", "healthCheckOptions", "healthCheckPort", "healthCheckProtocol", "healthCheckRequest", "healthCheckResponse", "healthCheckType", "healthCheckVirtualHost", "hysteresis", "id", "ip", "label", "persistenceEnabled", "persistenceGranularity", "persistenceTimeout", "ports", "protocol", "quiescent", "quorum", "scheduler", "updatedAt", "version") SELECT "checkInterval", "checkRetries", "checkRetryDelay", "checkTimeout", "createdAt", "emailAlert", "fallbackIp", "fallbackPort", "forwarding", "fwmark", "healthCheckCommand", "healthCheckOptions", "healthCheckPort", "healthCheckProtocol", "healthCheckRequest", "healthCheckResponse", "healthCheckType", "healthCheckVirtualHost", "hysteresis", "id", "ip", "label", "persistenceEnabled", "persistenceGranularity", "persistenceTimeout", "ports", "protocol", "quiescent", "quorum", "scheduler", "updatedAt", "version" FROM "VirtualService";
DROP TABLE "VirtualService";
ALTER TABLE "new_VirtualService" RENAME TO "VirtualService";
CREATE UNIQUE INDEX "VirtualService_label_key" ON "VirtualService"("label");
CREATE UNIQUE INDEX "VirtualService_fwmark_key" ON "VirtualService"("fwmark");
CREATE INDEX "VirtualService_clusterId_idx" ON "VirtualService"("clusterId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ClusterGrant_clusterId_idx" ON "ClusterGrant"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterGrant_apiKeyId_clusterId_key" ON "ClusterGrant"("apiKeyId", "clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterGrant_userId_clusterId_key" ON "ClusterGrant"("userId", "clusterId");

-- The tables redefined above lost their triggers: put them back (the pending banner and catch-up rely
-- on them). A director moving to another cluster changes the configuration as well.
CREATE TRIGGER "config_version_VirtualService_insert" AFTER INSERT ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_VirtualService_update" AFTER UPDATE ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_VirtualService_delete" AFTER DELETE ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_insert" AFTER INSERT ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_update" AFTER UPDATE ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_delete" AFTER DELETE ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_insert" AFTER INSERT ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority", "clusterId" ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_delete" AFTER DELETE ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
