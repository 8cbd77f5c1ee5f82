-- CreateTable
CREATE TABLE "VirtualService" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VirtualService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RealServer" (
    "id" TEXT NOT NULL,
    "virtualServiceId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "port" INTEGER,
    "weight" INTEGER NOT NULL DEFAULT 100,
    "minConnections" INTEGER NOT NULL DEFAULT 0,
    "maxConnections" INTEGER NOT NULL DEFAULT 0,
    "adminState" TEXT NOT NULL DEFAULT 'online',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RealServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FloatingIp" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "prefix" INTEGER NOT NULL DEFAULT 32,
    "purpose" TEXT NOT NULL DEFAULT 'vip',
    "interface" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FloatingIp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Director" (
    "id" TEXT NOT NULL,
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
    "lastApplyAt" TIMESTAMP(3),
    "lastApplyError" TEXT,
    "stateUnknownSince" TIMESTAMP(3),
    "stateUnknownReason" TEXT,
    "appliedHash" TEXT,
    "appliedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Director_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "artefacts" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplyRun" (
    "id" TEXT NOT NULL,
    "revisionId" TEXT,
    "actor" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "warning" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplyStep" (
    "id" TEXT NOT NULL,
    "applyRunId" TEXT NOT NULL,
    "directorId" TEXT,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "output" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'admin',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'admin',
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrainJob" (
    "id" TEXT NOT NULL,
    "realServerId" TEXT NOT NULL,
    "virtualServiceId" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DrainJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConfigVersion_pkey" PRIMARY KEY ("id")
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

-- CreateIndex
CREATE INDEX "DrainJob_status_idx" ON "DrainJob"("status");

-- CreateIndex
CREATE INDEX "DrainJob_realServerId_idx" ON "DrainJob"("realServerId");

-- AddForeignKey
ALTER TABLE "RealServer" ADD CONSTRAINT "RealServer_virtualServiceId_fkey" FOREIGN KEY ("virtualServiceId") REFERENCES "VirtualService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplyRun" ADD CONSTRAINT "ApplyRun_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ConfigRevision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplyStep" ADD CONSTRAINT "ApplyStep_applyRunId_fkey" FOREIGN KEY ("applyRunId") REFERENCES "ApplyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplyStep" ADD CONSTRAINT "ApplyStep_directorId_fkey" FOREIGN KEY ("directorId") REFERENCES "Director"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The first and only row of ConfigVersion.
INSERT INTO "ConfigVersion" ("id", "version") VALUES (1, 0);

-- Every change of what the configuration is made of raises the version (written by hand: Prisma does not
-- model triggers. The same set as the SQLite migration 20261127133546_config_version). A director's apply
-- bookkeeping (last apply, applied hash, unknown state) is not part of it. One statement-level trigger per
-- table: a batch of 1,000 rows raises the version once.
CREATE FUNCTION "config_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "config_version_VirtualService" AFTER INSERT OR UPDATE OR DELETE ON "VirtualService" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
CREATE TRIGGER "config_version_RealServer" AFTER INSERT OR UPDATE OR DELETE ON "RealServer" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
CREATE TRIGGER "config_version_FloatingIp" AFTER INSERT OR UPDATE OR DELETE ON "FloatingIp" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
CREATE TRIGGER "config_version_Setting" AFTER INSERT OR UPDATE OR DELETE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
CREATE TRIGGER "config_version_Director" AFTER INSERT OR DELETE ON "Director" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
CREATE TRIGGER "config_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority" ON "Director" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
