-- Periodic follow-up of designated vulnerable areas: criteria per year, who follows up which area, assessments
-- (a submitted version never changes), sharing with partners, partners' own views, and the history (owner: areafollowup).

CREATE TABLE "FollowupCriteriaSet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "criteria" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "FollowupCriteriaSet_year_version_key" ON "FollowupCriteriaSet"("year", "version");

CREATE TABLE "FollowupAssignment" (
    "areaId" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL
);

CREATE TABLE "FollowupAssessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "areaId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "criteriaSetId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "overall" INTEGER,
    "summary" TEXT,
    "correctionReason" TEXT,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT NOT NULL,
    "updatedByName" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "submittedById" TEXT,
    "submittedByName" TEXT,
    "submittedAt" TIMESTAMP(3)
);
CREATE UNIQUE INDEX "FollowupAssessment_areaId_period_version_key" ON "FollowupAssessment"("areaId", "period", "version");
CREATE INDEX "FollowupAssessment_period_idx" ON "FollowupAssessment"("period");

CREATE TABLE "FollowupShare" (
    "areaId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "comments" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("areaId", "period", "organisationId")
);

CREATE TABLE "FollowupPartnerView" (
    "areaId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "summary" TEXT,
    "updatedById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("areaId", "period", "organisationId")
);

CREATE TABLE "FollowupHistory" (
    "id" SERIAL PRIMARY KEY,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "areaId" TEXT NOT NULL,
    "period" TEXT,
    "assessmentId" TEXT,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "detail" TEXT NOT NULL
);
CREATE INDEX "FollowupHistory_areaId_at_idx" ON "FollowupHistory"("areaId", "at");

-- A submitted assessment is the record the region and NOA read: it never changes (a correction is a new version),
-- and no assessment is ever removed.
CREATE FUNCTION "followup_assessment_guard"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'FollowupAssessment: assessments are never removed';
  END IF;
  IF OLD."status" = 'submitted' THEN
    RAISE EXCEPTION 'FollowupAssessment: a submitted version cannot change';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "FollowupAssessment_guard" BEFORE UPDATE OR DELETE ON "FollowupAssessment"
FOR EACH ROW EXECUTE FUNCTION "followup_assessment_guard"();

CREATE FUNCTION "followup_history_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'FollowupHistory is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "FollowupHistory_no_update_delete" BEFORE UPDATE OR DELETE ON "FollowupHistory"
FOR EACH ROW EXECUTE FUNCTION "followup_history_append_only"();

CREATE TRIGGER "FollowupHistory_no_truncate" BEFORE TRUNCATE ON "FollowupHistory"
FOR EACH STATEMENT EXECUTE FUNCTION "followup_history_append_only"();
