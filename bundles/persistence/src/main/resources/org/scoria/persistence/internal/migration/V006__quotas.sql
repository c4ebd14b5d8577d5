-- Quota limits set for a project, or for a quota class (Cinder's "default" class overrides the
-- configured defaults). Usage is not stored: it is counted from the volumes and snapshots
-- themselves, under a per-project lock, so it can never drift from them.
CREATE TABLE project_quotas (
    project_id VARCHAR(255) NOT NULL,
    resource   VARCHAR(300) NOT NULL,
    hard_limit BIGINT       NOT NULL,
    PRIMARY KEY (project_id, resource)
);
CREATE TABLE quota_classes (
    class_name VARCHAR(255) NOT NULL,
    resource   VARCHAR(300) NOT NULL,
    hard_limit BIGINT       NOT NULL,
    PRIMARY KEY (class_name, resource)
);
-- One row per project, locked by every change that consumes the project's quota.
CREATE TABLE quota_projects (
    project_id VARCHAR(255) NOT NULL PRIMARY KEY,
    locked_at  TIMESTAMP
);
-- The size an extending volume grows to: it counts against the quota from the start.
ALTER TABLE volumes ADD COLUMN extend_to INTEGER;
