package org.scoria.persistence.internal;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Temporal;
import javax.persistence.TemporalType;

import org.scoria.persistence.NewSnapshot;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;

/**
 * The {@code snapshots} row. Attribute names match {@link VolumeEntity}'s where they mean the
 * same, so that {@link Pages} sorts both alike ({@code sizeGb} is the volume's size).
 */
@Entity
@Table(name = "snapshots")
public class SnapshotEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "volume_id", nullable = false, length = 36)
    private String volumeId;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "display_name")
    private String name;

    @Column(name = "display_description")
    private String description;

    @Column(name = "volume_size", nullable = false)
    private int sizeGb;

    @Column(name = "status", nullable = false, length = 32)
    private String status;

    @Column(name = "status_reason", length = 1024)
    private String statusReason;

    @Column(name = "provider_location", length = 1024)
    private String providerLocation;

    @Column(name = "progress")
    private String progress;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "created_at", nullable = false)
    private Date createdAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "updated_at")
    private Date updatedAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "deleted_at")
    private Date deletedAt;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    protected SnapshotEntity() {
    }

    SnapshotEntity(String id, NewSnapshot snapshot, int volumeSizeGb, Date createdAt) {
        this.id = id;
        this.volumeId = snapshot.volumeId();
        this.projectId = snapshot.projectId();
        this.userId = snapshot.userId();
        this.name = snapshot.name();
        this.description = snapshot.description();
        this.sizeGb = volumeSizeGb;
        this.status = SnapshotStatus.CREATING.wireName();
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    Snapshot toSnapshot(Map<String, String> metadata) {
        return new Snapshot(id, volumeId, projectId, userId, name, description, sizeGb,
                SnapshotStatus.fromWireName(status), statusReason, providerLocation, metadata, instant(createdAt),
                instant(updatedAt), progress);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
