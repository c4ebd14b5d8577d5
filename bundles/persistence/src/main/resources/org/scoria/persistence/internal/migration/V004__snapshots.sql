-- Snapshots, soft-deleted like volumes; their metadata lives in resource_metadata.
CREATE TABLE snapshots (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    volume_id           VARCHAR(36)   NOT NULL,
    project_id          VARCHAR(255)  NOT NULL,
    user_id             VARCHAR(255),
    display_name        VARCHAR(255),
    display_description VARCHAR(255),
    volume_size         INTEGER       NOT NULL,
    status              VARCHAR(32)   NOT NULL,
    status_reason       VARCHAR(1024),
    provider_location   VARCHAR(1024),
    created_at          TIMESTAMP     NOT NULL,
    updated_at          TIMESTAMP,
    deleted_at          TIMESTAMP,
    deleted             BOOLEAN       NOT NULL
);
CREATE INDEX snapshots_volume_idx ON snapshots (volume_id, deleted);
CREATE INDEX snapshots_listing_idx ON snapshots (project_id, deleted, created_at DESC, id DESC);
