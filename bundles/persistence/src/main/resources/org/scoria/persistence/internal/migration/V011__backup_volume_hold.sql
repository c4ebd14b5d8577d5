-- Whether a backup holds its volume (backing-up) while it is made: a backup of an available
-- volume does; one of an in-use volume (force) or of a snapshot reads a temporary copy and
-- leaves the volume as it is, so it must not release a volume another backup holds.
ALTER TABLE backups ADD COLUMN volume_held BOOLEAN DEFAULT TRUE NOT NULL;
-- A volume made for a restore is found by the restore that waits for it.
CREATE INDEX backups_restore_idx ON backups (restore_volume_id);
