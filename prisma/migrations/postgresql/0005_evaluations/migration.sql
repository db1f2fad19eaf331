-- Stored evaluations of measures (uppföljning) (owner: evaluation).

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "pictureId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Evaluation_measureId_createdAt_idx" ON "Evaluation"("measureId", "createdAt");
