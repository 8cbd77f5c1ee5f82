-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "quiescent" BOOLEAN;
