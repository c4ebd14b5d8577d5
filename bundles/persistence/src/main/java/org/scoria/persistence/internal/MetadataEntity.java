package org.scoria.persistence.internal;

import javax.persistence.Entity;
import javax.persistence.Table;

/** One {@code resource_metadata} pair of a volume or a snapshot (ids are UUIDs, unique across both). */
@Entity
@Table(name = "resource_metadata")
public class MetadataEntity extends PairEntity {

    protected MetadataEntity() {
    }
}
