-- A snapshot's progress as its creator reports it (os-update_snapshot_status, e.g. "80%");
-- empty until one does, when it follows the status (100% once available).
ALTER TABLE snapshots ADD COLUMN progress VARCHAR(255);
