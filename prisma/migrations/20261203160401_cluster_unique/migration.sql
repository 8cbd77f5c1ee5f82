-- DropIndex
DROP INDEX "FloatingIp_address_key";

-- DropIndex
DROP INDEX "VirtualService_clusterId_idx";

-- DropIndex
DROP INDEX "VirtualService_fwmark_key";

-- DropIndex
DROP INDEX "VirtualService_label_key";

-- CreateIndex
CREATE UNIQUE INDEX "FloatingIp_clusterId_address_key" ON "FloatingIp"("clusterId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "VirtualService_clusterId_label_key" ON "VirtualService"("clusterId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "VirtualService_clusterId_fwmark_key" ON "VirtualService"("clusterId", "fwmark");
