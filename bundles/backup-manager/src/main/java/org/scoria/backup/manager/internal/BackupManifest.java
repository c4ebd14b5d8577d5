package org.scoria.backup.manager.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.scoria.persistence.Backup;
import org.scoria.spi.backup.ObjectMissingException;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;

/**
 * What a backup holds, written as its last object ({@code <prefix>_metadata}): a backup whose
 * manifest is missing was never finished. Every chunk of the volume is listed, with the
 * SHA-256 of its data, so a restore reads this manifest alone and checks what it reads; an
 * incremental backup lists its parent's objects for the chunks that did not change.
 *
 * @param sizeBytes   the volume's size in bytes when it was backed up
 * @param compression    how chunk objects are compressed: {@code none}, {@code zlib} or {@code zstd};
 *                       a chunk whose data would not get smaller is stored as it is ({@code none})
 * @param volumeMetadata the volume's metadata when it was backed up, which a restore gives the
 *                       volume it writes, as Cinder's does; {@code null} in manifests written before
 */
record BackupManifest(@JsonProperty("version") int version, @JsonProperty("backup_id") String backupId,
        @JsonProperty("volume_id") String volumeId, @JsonProperty("parent_id") String parentId,
        @JsonProperty("size_bytes") long sizeBytes, @JsonProperty("chunk_size") int chunkSize,
        @JsonProperty("compression") String compression, @JsonProperty("chunks") List<Chunk> chunks,
        @JsonProperty("volume_metadata") Map<String, String> volumeMetadata) {

    static final int VERSION = 1;
    static final String SUFFIX = "_metadata";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The manifest of a backup in its store. */
    static BackupManifest read(ObjectStore store, Backup backup) throws IOException, ObjectStoreException {
        if (backup.objectPrefix() == null) {
            throw new IOException("backup " + backup.id() + " has no objects");
        }
        try {
            return fromJson(store.get(backup.container(), BackupManifest.nameFor(backup.objectPrefix())));
        } catch (ObjectMissingException e) {
            throw new IOException("backup " + backup.id() + " has no manifest in " + backup.container()
                    + ": it was never finished or its objects were removed", e);
        }
    }

    /**
     * One chunk of the volume.
     *
     * @param object      the object holding its data, or {@code null} for a chunk of zeros (nothing is stored)
     * @param compression how that object is compressed (a parent's object keeps the parent's)
     */
    record Chunk(@JsonProperty("index") int index, @JsonProperty("offset") long offset,
            @JsonProperty("length") int length, @JsonProperty("sha256") String sha256,
            @JsonProperty("object") String object, @JsonProperty("compression") String compression) {
    }

    static String nameFor(String objectPrefix) {
        return objectPrefix + SUFFIX;
    }

    /** The chunk objects this backup wrote itself, under its prefix (an incremental one names its parent's too). */
    List<String> ownChunkObjects(String objectPrefix) {
        return chunks.stream().map(Chunk::object)
                .filter(object -> object != null && object.startsWith(objectPrefix + "-")).toList();
    }

    /** How many objects this backup wrote itself (its manifest included). */
    long ownObjects(String objectPrefix) {
        return ownChunkObjects(objectPrefix).size() + 1;
    }

    byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    static BackupManifest fromJson(byte[] json) throws IOException {
        BackupManifest manifest = JSON.readValue(json, BackupManifest.class);
        if (manifest.version() != VERSION || manifest.chunks() == null) {
            throw new IOException("backup manifest version " + manifest.version() + " is not one this platform reads");
        }
        // Chunk i covers [i * chunk size, ...) and together they cover the volume: anything else is not a manifest we wrote.
        long covered = 0;
        for (int index = 0; index < manifest.chunks().size(); index++) {
            Chunk chunk = manifest.chunks().get(index);
            if (chunk == null || chunk.index() != index || chunk.offset() != covered || chunk.length() < 1
                    || chunk.length() > manifest.chunkSize() || chunk.sha256() == null || chunk.compression() == null) {
                throw new IOException("backup manifest of " + manifest.backupId() + ": chunk " + index + " is malformed");
            }
            covered += chunk.length();
        }
        if (covered != manifest.sizeBytes()) {
            throw new IOException("backup manifest of " + manifest.backupId() + ": its chunks cover " + covered
                    + " bytes, not its " + manifest.sizeBytes());
        }
        return manifest;
    }
}
