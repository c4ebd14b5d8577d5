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

import org.scoria.persistence.NewVolume;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStatus;

/** The {@code volumes} row. Status changes go through bulk guarded updates in {@link JpaVolumeStore}, not setters. */
@Entity
@Table(name = "volumes")
public class VolumeEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "display_name")
    private String name;

    @Column(name = "display_description")
    private String description;

    @Column(name = "size_gb", nullable = false)
    private int sizeGb;

    @Column(name = "status", nullable = false, length = 32)
    private String status;

    @Column(name = "status_reason", length = 1024)
    private String statusReason;

    @Column(name = "host")
    private String host;

    @Column(name = "availability_zone")
    private String availabilityZone;

    @Column(name = "provider_location", length = 1024)
    private String providerLocation;

    @Column(name = "bootable", nullable = false)
    private boolean bootable;

    @Column(name = "read_only")
    private Boolean readOnly;

    @Column(name = "multiattach", nullable = false)
    private boolean multiattach;

    @Column(name = "snapshot_id", length = 36)
    private String snapshotId;

    @Column(name = "source_volid", length = 36)
    private String sourceVolumeId;

    @Column(name = "volume_type_id", length = 36)
    private String volumeTypeId;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "created_at", nullable = false)
    private Date createdAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "updated_at")
    private Date updatedAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "scheduled_at")
    private Date scheduledAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "launched_at")
    private Date launchedAt;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "deleted_at")
    private Date deletedAt;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    protected VolumeEntity() {
    }

    VolumeEntity(String id, NewVolume volume, Date createdAt) {
        this.id = id;
        this.projectId = volume.projectId();
        this.userId = volume.userId();
        this.name = volume.name();
        this.description = volume.description();
        this.sizeGb = volume.sizeGb();
        this.status = VolumeStatus.CREATING.wireName();
        this.availabilityZone = volume.availabilityZone();
        this.snapshotId = volume.snapshotId();
        this.sourceVolumeId = volume.sourceVolumeId();
        this.volumeTypeId = volume.volumeTypeId();
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    void setMultiattach(boolean multiattach) {
        this.multiattach = multiattach;
    }

    Volume toVolume(Map<String, String> metadata, Map<String, String> imageMetadata) {
        return new Volume(id, projectId, userId, name, description, sizeGb, VolumeStatus.fromWireName(status),
                statusReason, host, availabilityZone, providerLocation, bootable, readOnly, multiattach, snapshotId, sourceVolumeId,
                volumeTypeId, metadata, instant(createdAt), instant(updatedAt), instant(scheduledAt), instant(launchedAt),
                imageMetadata);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
