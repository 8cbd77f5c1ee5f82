-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "hysteresis" INTEGER,
ADD COLUMN     "quorum" INTEGER;
