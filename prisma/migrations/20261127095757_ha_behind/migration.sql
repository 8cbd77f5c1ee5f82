-- AlterTable
ALTER TABLE "ApplyRun" ADD COLUMN "warning" TEXT;

-- AlterTable
ALTER TABLE "Director" ADD COLUMN "appliedAt" DATETIME;
ALTER TABLE "Director" ADD COLUMN "appliedHash" TEXT;
