-- The appliance's per-service "Email Alert" (addresses separated by ", ").
-- Written by hand: Prisma redefines the table, which would drop the config_version triggers on it.
ALTER TABLE "VirtualService" ADD COLUMN "emailAlert" TEXT NOT NULL DEFAULT '';
