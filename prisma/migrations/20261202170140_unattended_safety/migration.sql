-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT,
    "holder" TEXT,
    "hostname" TEXT,
    "pid" INTEGER,
    "what" TEXT,
    "actor" TEXT,
    "acquiredAt" DATETIME,
    "expiresAt" DATETIME
);

-- CreateTable
CREATE TABLE "LoginFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userName" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (written by hand as ADD COLUMN: redefining Director would drop its config-version triggers)
ALTER TABLE "Director" ADD COLUMN "yieldSince" DATETIME;
ALTER TABLE "Director" ADD COLUMN "catchUpFailures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Director" ADD COLUMN "catchUpNextAt" DATETIME;
ALTER TABLE "Director" ADD COLUMN "catchUpError" TEXT;
ALTER TABLE "User" ADD COLUMN "sessionEpoch" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "LoginFailure_userName_createdAt_idx" ON "LoginFailure"("userName", "createdAt");

-- CreateIndex
CREATE INDEX "LoginFailure_address_createdAt_idx" ON "LoginFailure"("address", "createdAt");

-- CreateIndex
CREATE INDEX "LoginFailure_createdAt_idx" ON "LoginFailure"("createdAt");

-- The two leases, free.
INSERT INTO "Lease" ("name") VALUES ('directors'), ('leader');
