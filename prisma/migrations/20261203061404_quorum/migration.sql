-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN "hysteresis" INTEGER;
ALTER TABLE "VirtualService" ADD COLUMN "quorum" INTEGER;
