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

import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;

/**
 * The {@code backups} row, read through JPA for listing and paging; every change is native SQL
 * in {@link JpaBackupStore}. Attribute names match {@link VolumeEntity}'s where they mean the
 * same, so that {@link Pages} sorts both alike.
 */
@Entity
@Table(name = "backups")
public class BackupEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "volume_id", nullable = false, length = 36)
    private String volumeId;

    @Column(name = "snapshot_id", length = 36)
    private String snapshotId;

    @Column(name = "display_name")
    private String name;

    @Column(name = "display_description")
    private String description;

    @Column(name = "status", nullable = false, length = 32)
    private String status;

    @Column(name = "status_reason", length = 1024)
    private String statusReason;

    @Column(name = "size_gb", nullable = false)
    private int sizeGb;

    @Column(name = "object_count", nullable = false)
    private long objectCount;

    @Column(name = "store_name")
    private String store;

    @Column(name = "container")
    private String container;

    @Column(name = "object_prefix", length = 1024)
    private String objectPrefix;

    @Column(name = "parent_id", length = 36)
    private String parentId;

    @Column(name = "num_dependent_backups", nullable = false)
    private int dependentBackups;

    @Column(name = "is_incremental", nullable = false)
    private boolean incremental;

    @Column(name = "availability_zone")
    private String availabilityZone;

    @Column(name = "host")
    private String host;

    @Temporal(TemporalType.TIMESTAMP)
    @Column(name = "data_timestamp")
    private Date dataTimestamp;

    @Column(name = "progress_percent")
    private Integer progressPercent;

    @Column(name = "progress_rate")
    private Long progressRate;

    @Column(name = "restore_volume_id", length = 36)
    private String restoreVolumeId;

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

    protected BackupEntity() {
    }

    String id() {
        return id;
    }

    Backup toBackup(Map<String, String> metadata) {
        return new Backup(id, projectId, userId, volumeId, snapshotId, name, description,
                BackupStatus.fromWireName(status), statusReason, sizeGb, objectCount, store, container, objectPrefix,
                parentId, dependentBackups, incremental, availabilityZone, host, instant(dataTimestamp),
                progressPercent, progressRate, restoreVolumeId, metadata, instant(createdAt), instant(updatedAt));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
