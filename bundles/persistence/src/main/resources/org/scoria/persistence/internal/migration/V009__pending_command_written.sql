-- Whether the database write a journaled command carries on has committed: only then may the
-- relay send it after a short wait; an entry whose write never finished waits much longer, so a
-- slow write is never overtaken by its own command.
ALTER TABLE pending_commands ADD COLUMN written BOOLEAN DEFAULT FALSE NOT NULL;
