package org.scoria.persistence.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.persistence.AttachmentStore;
import org.scoria.persistence.MissingRowException;
import org.scoria.persistence.NewAttachment;
import org.scoria.persistence.VolumeStatus;

/** {@link AttachmentStore} in native SQL, each change one transaction holding its volume's row. */
@Component(service = AttachmentStore.class)
public class JpaAttachmentStore implements AttachmentStore {

    private static final String COLUMNS = "a.id, a.volume_id, v.project_id, a.status, a.instance_uuid, a.attached_host,"
            + " a.mountpoint, a.attach_mode, a.connector, a.connection_info, a.created_at, a.updated_at, a.attach_time,"
            + " a.detach_time";
    private static final String FROM = " FROM volume_attachments a JOIN volumes v ON a.volume_id = v.id"
            + " WHERE a.deleted = ?";
    private static final String NEWEST_FIRST = " ORDER BY a.created_at DESC, a.id DESC";

    /** The attachments that make their volume in-use: attached, or attached until their export is ended. */
    private static final Set<AttachStatus> HOLDING = EnumSet.of(AttachStatus.ATTACHED, AttachStatus.DETACHING,
            AttachStatus.ERROR_DETACHING);
    private static final Set<AttachStatus> UNFINISHED = EnumSet.of(AttachStatus.RESERVED, AttachStatus.ATTACHING,
            AttachStatus.ERROR_ATTACHING, AttachStatus.DETACHING, AttachStatus.ERROR_DETACHING);

    private final Database db;

    @Activate
    public JpaAttachmentStore(
            @Reference(name = "entityManagerFactory", target = "(osgi.unit.name=scoria)") EntityManagerFactory emf,
            @Reference(name = "schema") SchemaMigrator schema) {
        this.db = new Database(emf);
    }

    @Override
    public Optional<Attachment> create(String volumeId, Set<VolumeStatus> from, NewAttachment attachment,
            AttachStatus initial) {
        String id = UUID.randomUUID().toString();
        return db.inTransaction(em -> {
            Optional<VolumeRow> volume = lockVolume(em, volumeId);
            if (volume.isEmpty() || !allowsAnother(em, volume.get(), from, attachment.instanceUuid())) {
                return Optional.empty();
            }
            Timestamp now = new Timestamp(System.currentTimeMillis());
            Database.execute(em, "INSERT INTO volume_attachments (id, volume_id, status, instance_uuid, attached_host,"
                    + " mountpoint, attach_mode, created_at, updated_at, attach_time, deleted)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Arrays.asList(id, volumeId, initial.wireName(),
                            attachment.instanceUuid(), attachment.attachedHost(), attachment.mountpoint(),
                            attachment.attachMode(), now, now, initial == AttachStatus.ATTACHED ? now : null,
                            Boolean.FALSE));
            deriveVolumeStatus(em, volume.get());
            return read(em, " AND a.id = ?", id).stream().findFirst();
        });
    }

    /**
     * Whether a volume takes another attachment: from one of the statuses {@code from}, a multi-attach
     * volume always and another only when it has none; a volume in use by one server also takes
     * another attachment for that server.
     */
    private static boolean allowsAnother(EntityManager em, VolumeRow volume, Set<VolumeStatus> from, String instanceUuid) {
        List<Object[]> servers = Database.rows(em, "SELECT instance_uuid FROM volume_attachments WHERE volume_id = ?"
                + " AND deleted = ?", volume.id(), Boolean.FALSE);
        if (from.contains(volume.status()) && (volume.multiattach() || servers.isEmpty())) {
            return true;
        }
        return instanceUuid != null && !servers.isEmpty() && VolumeStatus.ATTACH_STATUSES.contains(volume.status())
                && servers.stream().allMatch(server -> instanceUuid.equals(server[0]));
    }

    @Override
    public boolean connect(String attachmentId, String previousConnector, String connector, String connectionInfo,
            String attachedHost, String mountpoint, String attachMode) {
        return changeAttachment(attachmentId, AttachStatus.ATTACHING.sources(), AttachStatus.ATTACHING, row -> {
            row.set("connector", connector).set("connection_info", connectionInfo)
                    .setIfPresent("attached_host", attachedHost).setIfPresent("mountpoint", mountpoint)
                    .set("attach_mode", attachMode);
            return previousConnector == null ? row.where("connector IS NULL") : row.where("connector = ?", previousConnector);
        });
    }

    @Override
    public boolean move(String attachmentId, AttachStatus to) {
        return move(attachmentId, to.sources(), to);
    }

    @Override
    public boolean move(String attachmentId, AttachStatus from, AttachStatus to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("An attachment cannot go from " + from.wireName() + " to " + to.wireName());
        }
        return move(attachmentId, EnumSet.of(from), to);
    }

    private boolean move(String attachmentId, Set<AttachStatus> from, AttachStatus to) {
        return changeAttachment(attachmentId, from, to, row -> {
            if (to == AttachStatus.ATTACHED) {
                row.set("attach_time", row.now());
            } else if (to == AttachStatus.DETACHED) {
                row.set("detach_time", row.now()).delete();
            }
            return row;
        });
    }

    /** One guarded move of an attachment, then its volume's status derived again, in one transaction. */
    private boolean changeAttachment(String attachmentId, Set<AttachStatus> from, AttachStatus to,
            UnaryOperator<RowUpdate> more) {
        return db.inTransaction(em -> {
            List<Object[]> found = Database.rows(em, "SELECT volume_id FROM volume_attachments WHERE id = ? AND deleted = ?",
                    attachmentId, Boolean.FALSE);
            if (found.isEmpty()) {
                return false;
            }
            Optional<VolumeRow> volume = lockVolume(em, (String) found.get(0)[0]);
            String[] sources = from.stream().map(AttachStatus::wireName).toArray(String[]::new);
            RowUpdate row = new RowUpdate("volume_attachments", attachmentId).set("status", to.wireName())
                    .whereStatus(sources);
            if (volume.isEmpty() || more.apply(row).execute(em) == 0) {
                return false;
            }
            deriveVolumeStatus(em, volume.get());
            return true;
        });
    }

    @Override
    public boolean settle(String volumeId, Set<VolumeStatus> from) {
        return db.inTransaction(em -> {
            Optional<VolumeRow> volume = lockVolume(em, volumeId);
            if (volume.isEmpty() || !from.contains(volume.get().status())) {
                return false;
            }
            deriveVolumeStatus(em, volume.get());
            return true;
        });
    }

    private record VolumeRow(String id, VolumeStatus status, boolean multiattach) {
    }

    /** Locks a live volume's row (an update that changes nothing but its time) and reads it. */
    private static Optional<VolumeRow> lockVolume(EntityManager em, String volumeId) {
        if (new RowUpdate("volumes", volumeId).execute(em) == 0) {
            return Optional.empty();
        }
        Object[] row = Database.rows(em, "SELECT status, multiattach FROM volumes WHERE id = ?", volumeId).get(0);
        return Optional.of(new VolumeRow(volumeId, VolumeStatus.fromWireName((String) row[0]), Database.bool(row[1])));
    }

    private static List<AttachStatus> liveStatuses(EntityManager em, String volumeId) {
        return Database.rows(em, "SELECT status FROM volume_attachments WHERE volume_id = ? AND deleted = ?", volumeId,
                Boolean.FALSE).stream().map(row -> AttachStatus.fromWireName((String) row[0])).toList();
    }

    /** The volume's status as its live attachments make it, written when the state machine allows the move. */
    private static void deriveVolumeStatus(EntityManager em, VolumeRow volume) {
        if (volume.status() != VolumeStatus.AVAILABLE && !VolumeStatus.ATTACH_STATUSES.contains(volume.status())) {
            return;
        }
        List<AttachStatus> attachments = liveStatuses(em, volume.id());
        VolumeStatus derived;
        if (attachments.isEmpty()) {
            derived = VolumeStatus.AVAILABLE;
        } else if (attachments.stream().anyMatch(HOLDING::contains)) {
            derived = VolumeStatus.IN_USE;
        } else if (attachments.contains(AttachStatus.ATTACHING) || attachments.contains(AttachStatus.ERROR_ATTACHING)) {
            derived = VolumeStatus.ATTACHING;
        } else {
            derived = VolumeStatus.RESERVED;
        }
        if (derived != volume.status() && volume.status().canMoveTo(derived)) {
            new RowUpdate("volumes", volume.id()).set("status", derived.wireName())
                    .whereStatus(volume.status().wireName()).execute(em);
        }
    }

    @Override
    public Optional<Attachment> find(String attachmentId) {
        return db.inTransaction(em -> read(em, " AND a.id = ?", attachmentId).stream().findFirst());
    }

    @Override
    public List<Attachment> ofVolume(String volumeId) {
        return db.inTransaction(em -> read(em, " AND a.volume_id = ? ORDER BY a.created_at, a.id", volumeId));
    }

    @Override
    public Map<String, List<Attachment>> attachedTo(Collection<String> volumeIds) {
        if (volumeIds.isEmpty()) {
            return Map.of();
        }
        List<Object> parameters = new ArrayList<>(List.of(AttachStatus.ATTACHED.wireName()));
        parameters.addAll(volumeIds);
        String in = String.join(", ", Collections.nCopies(volumeIds.size(), "?"));
        Map<String, List<Attachment>> attached = new LinkedHashMap<>();
        db.inTransaction(em -> read(em, " AND a.status = ? AND a.volume_id IN (" + in + ") ORDER BY a.created_at, a.id",
                parameters.toArray())).forEach(attachment -> attached.computeIfAbsent(attachment.volumeId(),
                        volume -> new ArrayList<>()).add(attachment));
        return attached;
    }

    @Override
    public List<Attachment> query(AttachmentQuery query) {
        StringBuilder condition = new StringBuilder();
        List<Object> values = new ArrayList<>();
        Object[][] filters = {{"v.project_id", query.projectId()}, {"a.volume_id", query.volumeId()},
            {"a.status", query.status() == null ? null : query.status().wireName()},
            {"a.instance_uuid", query.instanceUuid()}};
        for (Object[] filter : filters) {
            if (filter[1] != null) {
                condition.append(" AND ").append(filter[0]).append(" = ?");
                values.add(filter[1]);
            }
        }
        return db.inTransaction(em -> {
            // Copies: a transaction may run again (Database.inTransaction), and must start from the filters alone.
            StringBuilder where = new StringBuilder(condition);
            List<Object> bound = new ArrayList<>(values);
            if (query.marker() != null) {
                List<Object[]> marker = Database.rows(em, "SELECT a.created_at" + FROM + where + " AND a.id = ?",
                        markerParameters(bound, query.marker()));
                if (marker.isEmpty()) {
                    throw new MissingRowException("Marker " + query.marker() + " not found");
                }
                // Newest first: the next page is what is older than the marker, or as old with a smaller id.
                where.append(" AND (a.created_at < ? OR (a.created_at = ? AND a.id < ?))");
                bound.addAll(List.of(marker.get(0)[0], marker.get(0)[0], query.marker()));
            }
            // Only the rows up to the page's end are read: the offset is skipped here, the rest never fetched.
            List<Attachment> upToPage = read(em, (int) Math.min(Integer.MAX_VALUE, (long) query.offset() + query.limit()),
                    where + NEWEST_FIRST, bound.toArray());
            return List.copyOf(upToPage.subList(Math.min(query.offset(), upToPage.size()), upToPage.size()));
        });
    }

    /** The parameters of the marker's lookup: live rows, the query's filters, the marker. */
    private static Object[] markerParameters(List<Object> filters, String marker) {
        List<Object> all = new ArrayList<>(List.of(Boolean.FALSE));
        all.addAll(filters);
        all.add(marker);
        return all.toArray();
    }

    @Override
    public List<Attachment> unfinished(Instant before) {
        String in = String.join(", ", Collections.nCopies(UNFINISHED.size(), "?"));
        List<Object> values = new ArrayList<>(UNFINISHED.stream().map(AttachStatus::wireName).toList());
        values.add(Timestamp.from(before));
        return db.inTransaction(em -> read(em, " AND a.status IN (" + in + ") AND a.updated_at < ? ORDER BY a.updated_at",
                values.toArray()));
    }

    @Override
    public List<String> heldWithoutAttachment(Instant before) {
        return db.inTransaction(em -> Database.rows(em, "SELECT id FROM volumes v WHERE v.deleted = ? AND v.status = ?"
                + " AND v.updated_at < ? AND NOT EXISTS (SELECT 1 FROM volume_attachments a WHERE a.volume_id = v.id"
                + " AND a.deleted = ? AND a.status = ?)", Boolean.FALSE, VolumeStatus.ATTACHING.wireName(),
                Timestamp.from(before), Boolean.FALSE, AttachStatus.ATTACHING.wireName()).stream()
                .map(row -> (String) row[0]).toList());
    }

    private static List<Attachment> read(EntityManager em, String condition, Object... values) {
        return read(em, Integer.MAX_VALUE, condition, values);
    }

    /** The first {@code limit} live attachments that meet {@code condition}. */
    private static List<Attachment> read(EntityManager em, int limit, String condition, Object... values) {
        List<Object> parameters = new ArrayList<>(List.of(Boolean.FALSE));
        parameters.addAll(List.of(values));
        return Database.rows(em, limit, "SELECT " + COLUMNS + FROM + condition, parameters.toArray()).stream()
                .map(row -> new Attachment((String) row[0], (String) row[1], (String) row[2],
                        AttachStatus.fromWireName((String) row[3]), (String) row[4], (String) row[5], (String) row[6],
                        (String) row[7], (String) row[8], (String) row[9], Database.instant(row[10]),
                        Database.instant(row[11]), Database.instant(row[12]), Database.instant(row[13])))
                .toList();
    }
}
