-- Commands journaled before the database write that needs them and removed once the broker has
-- them: what is left after a crash is sent again (with the same duplicate id) by the relay.
-- "written" says the write committed: only then is an entry sent again soon; one whose write
-- never finished waits much longer, so that a slow write is never overtaken by its own command.
CREATE TABLE pending_commands (
    id          VARCHAR(36)    NOT NULL PRIMARY KEY,
    destination VARCHAR(255)   NOT NULL,
    body        VARCHAR(32672) NOT NULL,
    recorded_at TIMESTAMP      NOT NULL,
    written     BOOLEAN        DEFAULT FALSE NOT NULL
);
CREATE INDEX pending_commands_recorded_idx ON pending_commands (recorded_at);
