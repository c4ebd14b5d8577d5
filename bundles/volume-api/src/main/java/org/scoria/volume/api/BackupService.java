package org.scoria.volume.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupQuery;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.VolumeDescription;

/**
 * Backup operations on behalf of a user, scoped to the user's project as volumes are.
 *
 * @since 2.6
 */
@ProviderType
public interface BackupService {

    /**
     * A backup as {@code export_record} answers it and {@code import_record} takes it: the store
     * that holds it and an opaque text (base64 of JSON, Cinder's {@code backup_url}) with what is
     * needed to find and restore its objects.
     *
     * @since 2.7
     */
    record ExportedRecord(String service, String url) {
    }

    /** Where a restore writes: the volume, new or existing. */
    record Restore(String backupId, String volumeId, String volumeName) {
    }

    /**
     * Records the backup as {@code creating} and asks a backup manager to make it. An available
     * volume is held ({@code backing-up}) until then; an in-use one (with {@code force}) or a
     * snapshot is read through a temporary copy and not held.
     *
     * @throws VolumeNotFoundException      when the volume does not exist or is not the caller's
     * @throws InvalidVolumeStateException  when the volume is neither available nor in-use, or in-use without force
     * @throws InvalidInputException        when the request is malformed, an incremental backup has no parent, or
     *                                      the snapshot is not an available snapshot of the volume
     * @throws OverQuotaException           when the project's backups or backup gigabytes would go over their limit
     */
    Backup create(RequestContext context, CreateBackupRequest request);

    /** @throws ResourceNotFoundException when the backup does not exist or is not the caller's */
    Backup get(RequestContext context, String backupId);

    List<Backup> query(RequestContext context, BackupQuery query, boolean allProjects);

    long count(RequestContext context, BackupQuery query, boolean allProjects);

    /** @throws InvalidInputException when the backup is not available or in error, or others build on it */
    Backup delete(RequestContext context, String backupId);

    /**
     * An administrator's delete from any status (Cinder's {@code os-force_delete}): a backup being
     * made or restored stops, the volume it was made from is available again, and a volume it was
     * restored into goes to error; one already being deleted is asked to be deleted again.
     *
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @throws InvalidInputException        when others build on it
     * @since 3.3
     */
    Backup forceDelete(RequestContext context, String backupId);

    /**
     * Restores the backup into {@code volumeId}, or into a new volume of the backup's size (named
     * {@code name}, or Cinder's {@code restore_backup_<id>}) when that is {@code null}.
     *
     * @throws InvalidInputException when the backup is not available, or the volume is not available or too small
     */
    Restore restore(RequestContext context, String backupId, String volumeId, String name);

    /**
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @throws InvalidInputException        when the backup is not available
     * @since 2.7
     */
    ExportedRecord exportRecord(RequestContext context, String backupId);

    /**
     * Records an exported backup in the caller's project as {@code creating}, and asks a backup
     * manager to check it against its store; it becomes available, or goes to error saying why.
     *
     * @throws PolicyNotAuthorizedException when the caller is not an administrator
     * @throws InvalidInputException        when the record cannot be read, a backup with its id
     *                                      exists, or its parent is not an available backup here
     * @since 2.7
     */
    Backup importRecord(RequestContext context, ExportedRecord record);

    /**
     * Renames or redescribes a backup (Cinder's 3.9), and replaces its metadata when
     * {@code metadata} is not {@code null} (3.43), whatever its status.
     *
     * @since 3.2
     */
    Backup update(RequestContext context, String backupId, VolumeDescription change, Map<String, String> metadata);

    /** @throws PolicyNotAuthorizedException when the caller is not an administrator */
    Backup resetStatus(RequestContext context, String backupId, BackupStatus status);
}
