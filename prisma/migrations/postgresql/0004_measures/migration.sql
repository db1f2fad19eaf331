-- Measures (åtgärder): the measure, its delivery and its append-only history (owner: measures).

-- CreateTable
CREATE TABLE "Measure" (
    "id" TEXT NOT NULL,
    "pictureId" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "description" TEXT,
    "responsible" TEXT,
    "sharedWith" TEXT NOT NULL DEFAULT '[]',
    "riskFactors" TEXT NOT NULL DEFAULT '[]',
    "evidence" TEXT,
    "plannedDosage" TEXT,
    "publicText" TEXT,
    "outcomeNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasureActivity" (
    "id" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "note" TEXT,
    "location" TEXT,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeasureActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasureHistory" (
    "id" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,

    CONSTRAINT "MeasureHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Measure_pictureId_idx" ON "Measure"("pictureId");

-- CreateIndex
CREATE INDEX "MeasureActivity_measureId_at_idx" ON "MeasureActivity"("measureId", "at");

-- CreateIndex
CREATE INDEX "MeasureHistory_measureId_at_idx" ON "MeasureHistory"("measureId", "at");

-- AddForeignKey
ALTER TABLE "MeasureActivity" ADD CONSTRAINT "MeasureActivity_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureHistory" ADD CONSTRAINT "MeasureHistory_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A measure's history is its follow-up record: the database refuses to change or remove a row.
CREATE FUNCTION "measure_history_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'MeasureHistory is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "MeasureHistory_no_update_delete" BEFORE UPDATE OR DELETE ON "MeasureHistory"
FOR EACH ROW EXECUTE FUNCTION "measure_history_append_only"();
