-- AlterTable
ALTER TABLE "ApplyRun" ADD COLUMN     "clusterId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "ConfigRevision" ADD COLUMN     "clusterId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Director" ADD COLUMN     "clusterId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "FloatingIp" ADD COLUMN     "clusterId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "clusterId" TEXT NOT NULL DEFAULT 'default';

-- CreateTable
CREATE TABLE "ClusterGrant" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "userId" TEXT,
    "role" TEXT NOT NULL,

    CONSTRAINT "ClusterGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClusterGrant_clusterId_idx" ON "ClusterGrant"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterGrant_apiKeyId_clusterId_key" ON "ClusterGrant"("apiKeyId", "clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterGrant_userId_clusterId_key" ON "ClusterGrant"("userId", "clusterId");

-- CreateIndex
CREATE INDEX "VirtualService_clusterId_idx" ON "VirtualService"("clusterId");

-- AddForeignKey
ALTER TABLE "VirtualService" ADD CONSTRAINT "VirtualService_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FloatingIp" ADD CONSTRAINT "FloatingIp_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Director" ADD CONSTRAINT "Director_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigRevision" ADD CONSTRAINT "ConfigRevision_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplyRun" ADD CONSTRAINT "ApplyRun_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterGrant" ADD CONSTRAINT "ClusterGrant_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterGrant" ADD CONSTRAINT "ClusterGrant_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterGrant" ADD CONSTRAINT "ClusterGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A director moving to another cluster changes the configuration as well.
DROP TRIGGER "config_version_Director_update" ON "Director";
CREATE TRIGGER "config_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority", "clusterId" ON "Director" FOR EACH STATEMENT EXECUTE FUNCTION "config_version_bump"();
