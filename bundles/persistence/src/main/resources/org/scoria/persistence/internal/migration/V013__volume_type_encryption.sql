-- Encryption of volume types (Cinder's encryption types): what a consumer needs to encrypt a
-- volume of the type. One row per type at most; removed with its delete.
CREATE TABLE volume_type_encryption (
    encryption_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    volume_type_id   VARCHAR(36)  NOT NULL UNIQUE,
    provider         VARCHAR(255) NOT NULL,
    cipher           VARCHAR(255),
    key_size         INTEGER,
    control_location VARCHAR(32)  NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP
);
