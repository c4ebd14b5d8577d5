-- Backups, soft-deleted like volumes; their metadata lives in resource_metadata. An incremental
-- backup names its parent, which counts its dependents so that it is not deleted under them.
CREATE TABLE backups (
    id                    VARCHAR(36)   NOT NULL PRIMARY KEY,
    project_id            VARCHAR(255)  NOT NULL,
    user_id               VARCHAR(255),
    volume_id             VARCHAR(36)   NOT NULL,
    snapshot_id           VARCHAR(36),
    display_name          VARCHAR(255),
    display_description   VARCHAR(255),
    status                VARCHAR(32)   NOT NULL,
    status_reason         VARCHAR(1024),
    size_gb               INTEGER       NOT NULL,
    object_count          BIGINT        NOT NULL,
    store_name            VARCHAR(255),
    container             VARCHAR(255),
    object_prefix         VARCHAR(1024),
    parent_id             VARCHAR(36),
    num_dependent_backups INTEGER       NOT NULL,
    is_incremental        BOOLEAN       NOT NULL,
    availability_zone     VARCHAR(255),
    host                  VARCHAR(255),
    data_timestamp        TIMESTAMP,
    progress_percent      INTEGER,
    progress_rate         BIGINT,
    restore_volume_id     VARCHAR(36),
    created_at            TIMESTAMP     NOT NULL,
    updated_at            TIMESTAMP,
    deleted_at            TIMESTAMP,
    deleted               BOOLEAN       NOT NULL
);
CREATE INDEX backups_volume_idx ON backups (volume_id, deleted);
CREATE INDEX backups_listing_idx ON backups (project_id, deleted, created_at DESC, id DESC);
