-- Crash and hang drills (POST /api/bots/{id}/simulate-crash | simulate-hang). The request is stored on
-- the bot's RUNNING instance, so whichever host runs it sees it at its next heartbeat, and the ended
-- instance keeps the record of why it failed.
ALTER TABLE runner_instances
    ADD COLUMN drill              text CHECK (drill IN ('CRASH', 'HANG')),
    ADD COLUMN drill_requested_at timestamptz;
