package org.scoria.persistence;

/**
 * Which attachments a list selects, newest first, and which page of them. Every filter is optional.
 *
 * @param projectId the volumes' project, {@code null} for every project
 * @param marker    the last attachment of the previous page, or {@code null}
 * @since 3.0
 */
public record AttachmentQuery(String projectId, String volumeId, AttachStatus status, String instanceUuid,
        String marker, int offset, int limit) {

    /** The same query within one project, {@code null} for every project. */
    public AttachmentQuery inProject(String project) {
        return new AttachmentQuery(project, volumeId, status, instanceUuid, marker, offset, limit);
    }
}
