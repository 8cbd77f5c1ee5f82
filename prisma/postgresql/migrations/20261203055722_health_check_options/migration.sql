-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "healthCheckOptions" TEXT;
