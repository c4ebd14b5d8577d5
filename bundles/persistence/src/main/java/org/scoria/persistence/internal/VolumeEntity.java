package org.scoria.persistence.internal;

import java.time.Instant;
import java.util.Date;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Temporal;
import javax.persistence.TemporalType;

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

    VolumeEntity(String id, String projectId, String userId, String name, String description, int sizeGb,
            String availabilityZone, Date createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.userId = userId;
        this.name = name;
        this.description = description;
        this.sizeGb = sizeGb;
        this.status = VolumeStatus.CREATING.wireName();
        this.availabilityZone = availabilityZone;
        this.createdAt = createdAt;
    }

    Volume toVolume() {
        return new Volume(id, projectId, userId, name, description, sizeGb, VolumeStatus.fromWireName(status),
                statusReason, host, availabilityZone, providerLocation, instant(createdAt), instant(updatedAt),
                instant(scheduledAt), instant(launchedAt));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
