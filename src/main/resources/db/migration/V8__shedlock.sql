-- Locks of the loops that must run on one replica at a time (re-verify; later the supervisor and
-- the timeout worker), held by ShedLock and judged by the database's clock, not the replicas'.
CREATE TABLE shedlock (
    name       varchar(64)  PRIMARY KEY,
    lock_until timestamptz  NOT NULL,
    locked_at  timestamptz  NOT NULL,
    locked_by  varchar(255) NOT NULL
);
