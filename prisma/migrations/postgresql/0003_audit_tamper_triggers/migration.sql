-- TRUNCATE fires no row triggers, so it would empty the trail past the update/delete trigger of 0002.
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
