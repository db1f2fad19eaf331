-- Situation reports (lägesrapporter): the report, its frozen signed versions and the inbox (owner: reports).

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "pictureId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "classification" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT NOT NULL,
    "signedById" TEXT,
    "signedAt" TIMESTAMP(3),
    "nextReportDue" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportVersion" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "organisationId" TEXT,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "signedById" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDelivery" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "userId" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDelivery_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ReportVersion" ADD CONSTRAINT "ReportVersion_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A signed version is what was distributed: the database refuses to change or remove one.
CREATE FUNCTION "report_version_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ReportVersion is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ReportVersion_no_update_delete" BEFORE UPDATE OR DELETE ON "ReportVersion"
FOR EACH ROW EXECUTE FUNCTION "report_version_append_only"();

CREATE TRIGGER "ReportVersion_no_truncate" BEFORE TRUNCATE ON "ReportVersion"
FOR EACH STATEMENT EXECUTE FUNCTION "report_version_append_only"();

-- A signed report is frozen: no change of any column, no removal (signing itself changes a draft).
CREATE FUNCTION "report_signed_frozen"() RETURNS trigger AS $$
BEGIN
  IF OLD."status" = 'signed' THEN
    RAISE EXCEPTION 'a signed report cannot change';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Report_signed_frozen" BEFORE UPDATE OR DELETE ON "Report"
FOR EACH ROW EXECUTE FUNCTION "report_signed_frozen"();
