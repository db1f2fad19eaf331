-- Measures (åtgärder): the measure, its delivery and its append-only history (owner: measures).

-- CreateTable
CREATE TABLE "Measure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pictureId" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "description" TEXT,
    "responsible" TEXT,
    "sharedWith" TEXT NOT NULL DEFAULT '[]',
    "riskFactors" TEXT NOT NULL DEFAULT '[]',
    "evidence" TEXT,
    "plannedDosage" TEXT,
    "publicText" TEXT,
    "outcomeNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MeasureActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "measureId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "amount" REAL NOT NULL,
    "note" TEXT,
    "location" TEXT,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MeasureActivity_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeasureHistory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "measureId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    CONSTRAINT "MeasureHistory_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Measure_pictureId_idx" ON "Measure"("pictureId");

-- CreateIndex
CREATE INDEX "MeasureActivity_measureId_at_idx" ON "MeasureActivity"("measureId", "at");

-- CreateIndex
CREATE INDEX "MeasureHistory_measureId_at_idx" ON "MeasureHistory"("measureId", "at");

-- A measure's history is its follow-up record: the database refuses to change or remove a row.
CREATE TRIGGER "MeasureHistory_no_update" BEFORE UPDATE ON "MeasureHistory"
BEGIN
  SELECT RAISE(ABORT, 'MeasureHistory is append-only');
END;

CREATE TRIGGER "MeasureHistory_no_delete" BEFORE DELETE ON "MeasureHistory"
BEGIN
  SELECT RAISE(ABORT, 'MeasureHistory is append-only');
END;
