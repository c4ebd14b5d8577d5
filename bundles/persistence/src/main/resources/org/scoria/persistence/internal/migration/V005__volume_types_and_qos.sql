-- Volume types and QoS specs, soft-deleted like volumes. live_name is the name while the row is
-- live and NULL once deleted: a unique constraint on it keeps live names unique, atomically,
-- while deleted rows keep theirs. Extra specs and QoS keys live in resource_metadata.
CREATE TABLE volume_types (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    live_name    VARCHAR(255) UNIQUE,
    description  VARCHAR(255),
    is_public    BOOLEAN      NOT NULL,
    qos_specs_id VARCHAR(36),
    created_at   TIMESTAMP    NOT NULL,
    updated_at   TIMESTAMP,
    deleted_at   TIMESTAMP,
    deleted      BOOLEAN      NOT NULL
);
-- The projects that may use a private type.
CREATE TABLE volume_type_projects (
    volume_type_id VARCHAR(36)  NOT NULL,
    project_id     VARCHAR(255) NOT NULL,
    PRIMARY KEY (volume_type_id, project_id)
);
-- Per-project default types (microversion 3.62).
CREATE TABLE project_default_types (
    project_id     VARCHAR(255) NOT NULL PRIMARY KEY,
    volume_type_id VARCHAR(36)  NOT NULL
);
CREATE TABLE qos_specs (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    live_name  VARCHAR(255) UNIQUE,
    consumer   VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    updated_at TIMESTAMP,
    deleted_at TIMESTAMP,
    deleted    BOOLEAN      NOT NULL
);
-- Cinder's __DEFAULT__ type, which every volume without another type has; its id is fixed so
-- that existing volumes can be given it here.
INSERT INTO volume_types (id, name, live_name, description, is_public, created_at, deleted)
    VALUES ('5e1fd3b4-6a4b-4c43-9f3c-0d2f1a7c8e21', '__DEFAULT__', '__DEFAULT__', 'Default Volume Type', TRUE,
            CURRENT_TIMESTAMP, FALSE);
UPDATE volumes SET volume_type_id = '5e1fd3b4-6a4b-4c43-9f3c-0d2f1a7c8e21' WHERE volume_type_id IS NULL;
-- A type delete counts the live volumes of the type.
CREATE INDEX volumes_type_idx ON volumes (volume_type_id, deleted);
