-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "configVersion" INTEGER NOT NULL DEFAULT 0;

-- Revisions recorded the console-wide version; from here on they record their cluster's. The old numbers
-- must never be compared with the new ones: forgotten (the pending check then compares renderings).
UPDATE "ConfigRevision" SET "configVersion" = NULL;

-- Each cluster's version: every change of what one cluster's configuration is made of raises that cluster's
-- (written by hand: Prisma does not model triggers). The same tables as "ConfigVersion" (the init
-- migration): a director's apply bookkeeping is not part of it; a setting is every cluster's. Per row, as
-- each row names its cluster (a real server through its service).
CREATE FUNCTION "cluster_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  now_in TEXT;
  was_in TEXT;
BEGIN
  IF TG_TABLE_NAME = 'Setting' THEN
    UPDATE "Cluster" SET "configVersion" = "configVersion" + 1;
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'RealServer' THEN
    IF TG_OP <> 'DELETE' THEN SELECT "clusterId" INTO now_in FROM "VirtualService" WHERE "id" = NEW."virtualServiceId"; END IF;
    IF TG_OP <> 'INSERT' THEN SELECT "clusterId" INTO was_in FROM "VirtualService" WHERE "id" = OLD."virtualServiceId"; END IF;
  ELSE
    IF TG_OP <> 'DELETE' THEN now_in := NEW."clusterId"; END IF;
    IF TG_OP <> 'INSERT' THEN was_in := OLD."clusterId"; END IF;
  END IF;
  UPDATE "Cluster" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (now_in, was_in);
  RETURN NULL;
END;
$$;
CREATE TRIGGER "cluster_version_VirtualService" AFTER INSERT OR UPDATE OR DELETE ON "VirtualService" FOR EACH ROW EXECUTE FUNCTION "cluster_version_bump"();
CREATE TRIGGER "cluster_version_RealServer" AFTER INSERT OR UPDATE OR DELETE ON "RealServer" FOR EACH ROW EXECUTE FUNCTION "cluster_version_bump"();
CREATE TRIGGER "cluster_version_FloatingIp" AFTER INSERT OR UPDATE OR DELETE ON "FloatingIp" FOR EACH ROW EXECUTE FUNCTION "cluster_version_bump"();
CREATE TRIGGER "cluster_version_Director" AFTER INSERT OR DELETE ON "Director" FOR EACH ROW EXECUTE FUNCTION "cluster_version_bump"();
CREATE TRIGGER "cluster_version_Director_update" AFTER UPDATE OF "name", "role", "host", "port", "user", "hostKeyFingerprint", "vrrpInterface", "vrrpAddress", "vrrpPriority", "clusterId" ON "Director" FOR EACH ROW EXECUTE FUNCTION "cluster_version_bump"();
CREATE TRIGGER "cluster_version_Setting" AFTER INSERT OR UPDATE OR DELETE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION "cluster_version_bump"();
