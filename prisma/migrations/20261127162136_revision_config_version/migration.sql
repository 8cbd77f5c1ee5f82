-- AlterTable
ALTER TABLE "ConfigRevision" ADD COLUMN "configVersion" INTEGER;
