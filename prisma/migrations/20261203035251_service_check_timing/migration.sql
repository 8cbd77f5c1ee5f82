-- A virtual service's own health-check timing (null: the global setting).
-- Written by hand: Prisma redefines the table, which would drop the config_version triggers on it.
ALTER TABLE "VirtualService" ADD COLUMN "checkInterval" INTEGER;
ALTER TABLE "VirtualService" ADD COLUMN "checkTimeout" INTEGER;
ALTER TABLE "VirtualService" ADD COLUMN "checkRetries" INTEGER;
ALTER TABLE "VirtualService" ADD COLUMN "checkRetryDelay" INTEGER;
