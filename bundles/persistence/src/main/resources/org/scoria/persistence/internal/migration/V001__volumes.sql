-- Volumes, soft-deleted as in Cinder so that a redelivered request still finds its row.
CREATE TABLE volumes (
    id                VARCHAR(36)   NOT NULL PRIMARY KEY,
    project_id        VARCHAR(255)  NOT NULL,
    user_id           VARCHAR(255),
    display_name      VARCHAR(255),
    display_description VARCHAR(255),
    size_gb           INTEGER       NOT NULL,
    status            VARCHAR(32)   NOT NULL,
    status_reason     VARCHAR(1024),
    host              VARCHAR(255),
    availability_zone VARCHAR(255),
    provider_location VARCHAR(1024),
    created_at        TIMESTAMP     NOT NULL,
    updated_at        TIMESTAMP,
    scheduled_at      TIMESTAMP,
    launched_at       TIMESTAMP,
    deleted_at        TIMESTAMP,
    deleted           BOOLEAN       NOT NULL
);
CREATE INDEX volumes_project_idx ON volumes (project_id, deleted);
CREATE INDEX volumes_host_idx ON volumes (host, deleted);
