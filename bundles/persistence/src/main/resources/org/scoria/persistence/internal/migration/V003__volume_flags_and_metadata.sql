-- Volume flags and origins, and the user metadata of volumes and snapshots (ids are UUIDs,
-- unique across both: one table serves both).
ALTER TABLE volumes ADD COLUMN bootable BOOLEAN DEFAULT FALSE NOT NULL;
-- NULL until an administrator sets it: Cinder shows "readonly" only once it was set.
ALTER TABLE volumes ADD COLUMN read_only BOOLEAN;
ALTER TABLE volumes ADD COLUMN snapshot_id VARCHAR(36);
ALTER TABLE volumes ADD COLUMN source_volid VARCHAR(36);
ALTER TABLE volumes ADD COLUMN volume_type_id VARCHAR(36);
CREATE TABLE resource_metadata (
    resource_id VARCHAR(36)  NOT NULL,
    meta_key   VARCHAR(255) NOT NULL,
    meta_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (resource_id, meta_key)
);
-- Metadata filters look a key and value up across a project's volumes or snapshots.
CREATE INDEX resource_metadata_pair_idx ON resource_metadata (meta_key, meta_value);
