-- AlterTable
ALTER TABLE "VirtualService" ADD COLUMN     "emailAlert" TEXT NOT NULL DEFAULT '';
