-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The first and only row.
INSERT INTO "ConfigVersion" ("id", "version") VALUES (1, 0);

-- Every change of what the configuration is made of raises the version (written by hand: Prisma does not model triggers).
-- A director's apply bookkeeping (last apply, applied hash, unknown state) is not part of it.
CREATE TRIGGER "config_version_VirtualService_insert" AFTER INSERT ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_VirtualService_update" AFTER UPDATE ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_VirtualService_delete" AFTER DELETE ON "VirtualService" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_RealServer_insert" AFTER INSERT ON "RealServer" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_RealServer_update" AFTER UPDATE ON "RealServer" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_RealServer_delete" AFTER DELETE ON "RealServer" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_insert" AFTER INSERT ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_update" AFTER UPDATE ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_FloatingIp_delete" AFTER DELETE ON "FloatingIp" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_insert" AFTER INSERT ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority" ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Director_delete" AFTER DELETE ON "Director" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Setting_insert" AFTER INSERT ON "Setting" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Setting_update" AFTER UPDATE ON "Setting" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "config_version_Setting_delete" AFTER DELETE ON "Setting" BEGIN UPDATE "ConfigVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
