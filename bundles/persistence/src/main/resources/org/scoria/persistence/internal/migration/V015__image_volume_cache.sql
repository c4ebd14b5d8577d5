-- The image-volume cache: per backend, a volume of Scoria's own holding one Glance image, which new
-- volumes from that image are cloned from. One entry per backend and image; 'creating' while its
-- creator (the volume whose create fills it) writes the image, then 'ready', 'deleting' once evicted.
CREATE TABLE image_volume_cache (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    backend_host VARCHAR(255) NOT NULL,
    image_id     VARCHAR(36)  NOT NULL,
    size_gb      INTEGER      NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    creator      VARCHAR(36)  NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    last_used    TIMESTAMP    NOT NULL,
    CONSTRAINT image_volume_cache_image UNIQUE (backend_host, image_id)
);
