-- Attachments of volumes to their consumers, soft-deleted like volumes. A volume is multi-attach
-- when its type said so at create (the "multiattach" extra spec), as in Cinder.
ALTER TABLE volumes ADD COLUMN multiattach BOOLEAN DEFAULT FALSE NOT NULL;
CREATE TABLE volume_attachments (
    id              VARCHAR(36)    NOT NULL PRIMARY KEY,
    volume_id       VARCHAR(36)    NOT NULL,
    status          VARCHAR(32)    NOT NULL,
    instance_uuid   VARCHAR(36),
    attached_host   VARCHAR(255),
    mountpoint      VARCHAR(255),
    attach_mode     VARCHAR(2),
    connector       VARCHAR(8192),
    connection_info VARCHAR(16384),
    created_at      TIMESTAMP      NOT NULL,
    updated_at      TIMESTAMP,
    attach_time     TIMESTAMP,
    detach_time     TIMESTAMP,
    deleted_at      TIMESTAMP,
    deleted         BOOLEAN        DEFAULT FALSE NOT NULL
);
CREATE INDEX volume_attachments_volume_idx ON volume_attachments (volume_id, deleted);
-- The expiry of unfinished attachments looks them up by status and age.
CREATE INDEX volume_attachments_status_idx ON volume_attachments (status, updated_at);
