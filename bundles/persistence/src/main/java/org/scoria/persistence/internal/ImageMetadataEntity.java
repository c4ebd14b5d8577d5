package org.scoria.persistence.internal;

import javax.persistence.AttributeOverride;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Table;

/**
 * One {@code volume_image_metadata} pair of a volume, for the {@code glance_metadata} list filter;
 * see {@link ImageMetadata} for reads and writes.
 */
@Entity
@Table(name = "volume_image_metadata")
@AttributeOverride(name = "resourceId", column = @Column(name = "volume_id", length = 36))
public class ImageMetadataEntity extends PairEntity {

    protected ImageMetadataEntity() {
    }
}
