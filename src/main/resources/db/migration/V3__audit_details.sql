-- What an audited action was given (an acknowledgement's reason, say): identifiers and short text,
-- never request bodies or secrets.
ALTER TABLE audit_events ADD COLUMN details jsonb;
