-- REPLACE (INSERT OR REPLACE) deletes the conflicting row without firing the delete trigger, so it could
-- overwrite evidence: an insert that reuses an existing id is refused outright.
CREATE TRIGGER "AuditEvent_no_replace" BEFORE INSERT ON "AuditEvent"
WHEN EXISTS (SELECT 1 FROM "AuditEvent" WHERE "id" = NEW."id")
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
