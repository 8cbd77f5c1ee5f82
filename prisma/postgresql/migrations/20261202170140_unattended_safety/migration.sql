-- AlterTable
ALTER TABLE "Director" ADD COLUMN     "catchUpError" TEXT,
ADD COLUMN     "catchUpFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "catchUpNextAt" TIMESTAMP(3),
ADD COLUMN     "yieldSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionEpoch" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "token" TEXT,
    "holder" TEXT,
    "hostname" TEXT,
    "pid" INTEGER,
    "what" TEXT,
    "actor" TEXT,
    "acquiredAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "LoginFailure" (
    "id" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoginFailure_userName_createdAt_idx" ON "LoginFailure"("userName", "createdAt");

-- CreateIndex
CREATE INDEX "LoginFailure_address_createdAt_idx" ON "LoginFailure"("address", "createdAt");

-- CreateIndex
CREATE INDEX "LoginFailure_createdAt_idx" ON "LoginFailure"("createdAt");

-- The two leases, free.
INSERT INTO "Lease" ("name") VALUES ('directors'), ('leader');
