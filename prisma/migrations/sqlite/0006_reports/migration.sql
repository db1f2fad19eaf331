-- Situation reports (lägesrapporter): the report, its frozen signed versions and the inbox (owner: reports).

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pictureId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "periodFrom" DATETIME NOT NULL,
    "periodTo" DATETIME NOT NULL,
    "classification" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT NOT NULL,
    "signedById" TEXT,
    "signedAt" DATETIME,
    "nextReportDue" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "organisationId" TEXT,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "signedById" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReportVersion_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReportDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "userId" TEXT,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReportDelivery_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Report_pictureId_idx" ON "Report"("pictureId");

-- CreateIndex
CREATE INDEX "Report_organisationId_status_idx" ON "Report"("organisationId", "status");

-- CreateIndex
CREATE INDEX "ReportVersion_reportId_idx" ON "ReportVersion"("reportId");

-- CreateIndex
CREATE INDEX "ReportDelivery_organisationId_idx" ON "ReportDelivery"("organisationId");

-- CreateIndex
CREATE INDEX "ReportDelivery_reportId_idx" ON "ReportDelivery"("reportId");

-- A signed version is what was distributed: the database refuses to change or remove one.
CREATE TRIGGER "ReportVersion_no_update" BEFORE UPDATE ON "ReportVersion"
BEGIN
  SELECT RAISE(ABORT, 'ReportVersion is append-only');
END;

CREATE TRIGGER "ReportVersion_no_delete" BEFORE DELETE ON "ReportVersion"
BEGIN
  SELECT RAISE(ABORT, 'ReportVersion is append-only');
END;

-- A signed report is frozen: no change of any column, no removal (signing itself changes a draft).
CREATE TRIGGER "Report_signed_no_update" BEFORE UPDATE ON "Report" WHEN OLD."status" = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'a signed report cannot change');
END;

CREATE TRIGGER "Report_signed_no_delete" BEFORE DELETE ON "Report" WHEN OLD."status" = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'a signed report cannot change');
END;
