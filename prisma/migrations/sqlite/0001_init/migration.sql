-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" TEXT,
    "areaCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organisation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'sv',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "address" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorUsername" TEXT,
    "organisationId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "outcome" TEXT NOT NULL,
    "address" TEXT,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "Picture" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "area" TEXT,
    "areaCode" TEXT,
    "ownerOrgId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "riskConfig" TEXT,
    "rtmRunId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Picture_ownerOrgId_fkey" FOREIGN KEY ("ownerOrgId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Layer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pictureId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "removedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Layer_pictureId_fkey" FOREIGN KEY ("pictureId") REFERENCES "Picture" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LayerAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "layerId" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "organisationId" TEXT,
    "role" TEXT,
    "includeSubtree" BOOLEAN NOT NULL DEFAULT false,
    "right" TEXT NOT NULL,
    CONSTRAINT "LayerAccess_layerId_fkey" FOREIGN KEY ("layerId") REFERENCES "Layer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LayerUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "layerId" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LayerSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "layerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" BLOB NOT NULL,
    "uptoUpdateId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "reportedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "x" REAL NOT NULL,
    "y" REAL NOT NULL,
    "lon" REAL NOT NULL,
    "lat" REAL NOT NULL,
    "locationPrecision" TEXT NOT NULL DEFAULT 'exact',
    "status" TEXT NOT NULL DEFAULT 'unconfirmed',
    "severity" INTEGER,
    "description" TEXT,
    "classification" TEXT NOT NULL DEFAULT 'police_internal',
    "ownerOrgId" TEXT,
    "areaCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RtmRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "progress" REAL NOT NULL DEFAULT 0,
    "message" TEXT,
    "study" TEXT NOT NULL,
    "result" TEXT,
    "surface" BLOB,
    "error" TEXT,
    "inputHash" TEXT,
    "seed" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "pictureId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Area" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "vintage" TEXT NOT NULL,
    "parentCode" TEXT,
    "geometry" TEXT NOT NULL,
    "geometryWgs" TEXT NOT NULL,
    "minLon" REAL NOT NULL,
    "minLat" REAL NOT NULL,
    "maxLon" REAL NOT NULL,
    "maxLat" REAL NOT NULL,
    "population" INTEGER
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nameSv" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "direction" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "areaCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "value" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "AreaClassification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheme" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "lpo" TEXT,
    "kommunCode" TEXT,
    "geometryWgs" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Organisation_parentId_idx" ON "Organisation"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");

-- CreateIndex
CREATE INDEX "Layer_pictureId_idx" ON "Layer"("pictureId");

-- CreateIndex
CREATE INDEX "LayerAccess_layerId_idx" ON "LayerAccess"("layerId");

-- CreateIndex
CREATE INDEX "LayerUpdate_layerId_id_idx" ON "LayerUpdate"("layerId", "id");

-- CreateIndex
CREATE INDEX "LayerSnapshot_layerId_kind_id_idx" ON "LayerSnapshot"("layerId", "kind", "id");

-- CreateIndex
CREATE INDEX "Incident_occurredAt_idx" ON "Incident"("occurredAt");

-- CreateIndex
CREATE INDEX "Incident_type_idx" ON "Incident"("type");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_source_sourceId_key" ON "Incident"("source", "sourceId");

-- CreateIndex
CREATE INDEX "Area_level_idx" ON "Area"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Area_code_vintage_key" ON "Area"("code", "vintage");

-- CreateIndex
CREATE INDEX "IndicatorValue_indicatorId_year_idx" ON "IndicatorValue"("indicatorId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_areaCode_year_indicatorId_key" ON "IndicatorValue"("areaCode", "year", "indicatorId");

