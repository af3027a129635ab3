-- Who did what, when, with which outcome and trace id. Written by dev.observatory.audit.AuditLog only.
CREATE TABLE audit_events (
    id        uuid        PRIMARY KEY,
    at        timestamptz NOT NULL,
    subject   text        NOT NULL,
    role      text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    outcome   text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
    trace_id  text        NOT NULL
);

CREATE INDEX audit_events_at_idx ON audit_events (at DESC);
CREATE INDEX audit_events_subject_at_idx ON audit_events (subject, at DESC);
