-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN "configVersion" INTEGER NOT NULL DEFAULT 0;

-- Revisions recorded the console-wide version; from here on they record their cluster's. The old numbers
-- must never be compared with the new ones: forgotten (the pending check then compares renderings).
UPDATE "ConfigRevision" SET "configVersion" = NULL;

-- Each cluster's version: every change of what one cluster's configuration is made of raises that cluster's
-- (written by hand: Prisma does not model triggers). The same tables as "ConfigVersion" (20261127133546):
-- a director's apply bookkeeping is not part of it; a setting is every cluster's.
CREATE TRIGGER "cluster_version_VirtualService_insert" AFTER INSERT ON "VirtualService" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."clusterId"; END;
CREATE TRIGGER "cluster_version_VirtualService_update" AFTER UPDATE ON "VirtualService" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (NEW."clusterId", OLD."clusterId"); END;
CREATE TRIGGER "cluster_version_VirtualService_delete" AFTER DELETE ON "VirtualService" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."clusterId"; END;
CREATE TRIGGER "cluster_version_RealServer_insert" AFTER INSERT ON "RealServer" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = (SELECT "clusterId" FROM "VirtualService" WHERE "id" = NEW."virtualServiceId"); END;
CREATE TRIGGER "cluster_version_RealServer_update" AFTER UPDATE ON "RealServer" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (SELECT "clusterId" FROM "VirtualService" WHERE "id" IN (NEW."virtualServiceId", OLD."virtualServiceId")); END;
CREATE TRIGGER "cluster_version_RealServer_delete" AFTER DELETE ON "RealServer" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = (SELECT "clusterId" FROM "VirtualService" WHERE "id" = OLD."virtualServiceId"); END;
CREATE TRIGGER "cluster_version_FloatingIp_insert" AFTER INSERT ON "FloatingIp" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."clusterId"; END;
CREATE TRIGGER "cluster_version_FloatingIp_update" AFTER UPDATE ON "FloatingIp" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (NEW."clusterId", OLD."clusterId"); END;
CREATE TRIGGER "cluster_version_FloatingIp_delete" AFTER DELETE ON "FloatingIp" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."clusterId"; END;
CREATE TRIGGER "cluster_version_Director_insert" AFTER INSERT ON "Director" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."clusterId"; END;
CREATE TRIGGER "cluster_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority", "clusterId" ON "Director" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (NEW."clusterId", OLD."clusterId"); END;
CREATE TRIGGER "cluster_version_Director_delete" AFTER DELETE ON "Director" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."clusterId"; END;
CREATE TRIGGER "cluster_version_Setting_insert" AFTER INSERT ON "Setting" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1; END;
CREATE TRIGGER "cluster_version_Setting_update" AFTER UPDATE ON "Setting" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1; END;
CREATE TRIGGER "cluster_version_Setting_delete" AFTER DELETE ON "Setting" BEGIN UPDATE "Cluster" SET "configVersion" = "configVersion" + 1; END;
