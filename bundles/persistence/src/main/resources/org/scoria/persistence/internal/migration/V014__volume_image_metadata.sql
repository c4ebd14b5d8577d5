-- What a volume made from an image records of it (Cinder's volume_glance_metadata): the image's id,
-- name, formats, sizes and checksum, and its properties; shown as the volume's volume_image_metadata.
CREATE TABLE volume_image_metadata (
    volume_id  VARCHAR(36)    NOT NULL,
    meta_key   VARCHAR(255)   NOT NULL,
    meta_value VARCHAR(16384) NOT NULL,
    PRIMARY KEY (volume_id, meta_key)
);
