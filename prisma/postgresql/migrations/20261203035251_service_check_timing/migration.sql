-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "checkInterval" INTEGER,
ADD COLUMN     "checkRetries" INTEGER,
ADD COLUMN     "checkRetryDelay" INTEGER,
ADD COLUMN     "checkTimeout" INTEGER;
