-- What operators set on services (Cinder's os-services enable/disable); their liveness comes
-- from the backends' reports, not from here.
CREATE TABLE service_states (
    host            VARCHAR(255) NOT NULL,
    binary_name     VARCHAR(64)  NOT NULL,
    disabled        BOOLEAN      NOT NULL,
    disabled_reason VARCHAR(255),
    updated_at      TIMESTAMP,
    PRIMARY KEY (host, binary_name)
);
-- User messages: why an asynchronous request failed, in words a user can act on (Cinder's messages API).
CREATE TABLE user_messages (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    project_id       VARCHAR(255)  NOT NULL,
    request_id       VARCHAR(255),
    resource_type    VARCHAR(64)   NOT NULL,
    resource_uuid    VARCHAR(36),
    event_id         VARCHAR(64)   NOT NULL,
    message_level    VARCHAR(16)   NOT NULL,
    user_message     VARCHAR(1024) NOT NULL,
    created_at       TIMESTAMP     NOT NULL,
    deleted          BOOLEAN       NOT NULL
);
CREATE INDEX user_messages_project_idx ON user_messages (project_id, deleted, created_at DESC);
