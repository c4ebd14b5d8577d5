package org.scoria.driver.nfs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.scoria.spi.qemu.QemuImg;

/**
 * A volume's files on the share, as Cinder's NFS driver keeps them: the raw base file
 * {@code volume-<id>}, and after snapshots a linear chain of qcow2 overlays, each backed by the
 * one before. A volume cloned from an image-volume cache entry has a qcow2 base file instead,
 * backed by the entry's raw file. The file written to is the <em>active</em> one; a snapshot is the file that was
 * active when it was taken, frozen from then on. The chain is recorded in {@code volume-<id>.info}
 * (a properties file, replaced atomically), which is absent while the volume has no overlay.
 */
final class SnapshotChain {

    private static final String ACTIVE = "active";
    private static final String SNAPSHOT = "snapshot.";
    private static final String BACKING = "backing.";
    private static final String SIZE = "size";
    private static final String BASE_FORMAT = "base.format";

    private final Path share;
    private final String base;
    private String active;
    private String baseFormat = QemuImg.RAW;
    /** The active file's virtual size when it differs from the base file's, else 0. */
    private long sizeBytes;
    /** Snapshot id to the file frozen for it. */
    private final Map<String, String> snapshots = new TreeMap<>();
    /** Overlay to its backing file. */
    private final Map<String, String> backing = new TreeMap<>();

    private SnapshotChain(Path share, String base) {
        this.share = share;
        this.base = base;
        this.active = base;
    }

    static SnapshotChain load(Path share, String base) throws IOException {
        SnapshotChain chain = new SnapshotChain(share, base);
        Properties info = new Properties();
        try (InputStream in = Files.newInputStream(share.resolve(base + ".info"))) {
            info.load(in);
        } catch (NoSuchFileException noOverlays) {
            return chain;
        }
        chain.active = info.getProperty(ACTIVE, base);
        chain.baseFormat = info.getProperty(BASE_FORMAT, QemuImg.RAW);
        chain.sizeBytes = Long.parseLong(info.getProperty(SIZE, "0"));
        for (String name : info.stringPropertyNames()) {
            if (name.startsWith(SNAPSHOT)) {
                chain.snapshots.put(name.substring(SNAPSHOT.length()), info.getProperty(name));
            } else if (name.startsWith(BACKING)) {
                chain.backing.put(name.substring(BACKING.length()), info.getProperty(name));
            }
        }
        return chain;
    }

    /** Writes the chain under a temporary name and renames it, so a crash leaves the old or the new record. */
    void save() throws IOException {
        Path info = share.resolve(base + ".info");
        if (active.equals(base) && snapshots.isEmpty() && baseFormat.equals(QemuImg.RAW)) {
            Files.deleteIfExists(info);
            return;
        }
        Properties properties = new Properties();
        properties.setProperty(ACTIVE, active);
        properties.setProperty(SIZE, Long.toString(sizeBytes));
        properties.setProperty(BASE_FORMAT, baseFormat);
        snapshots.forEach((id, file) -> properties.setProperty(SNAPSHOT + id, file));
        backing.forEach((overlay, file) -> properties.setProperty(BACKING + overlay, file));
        Path partial = share.resolve(base + ".info.part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            properties.store(out, "Scoria NFS volume chain; active is the file written to");
        }
        Files.move(partial, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    Path path(String file) {
        return share.resolve(file);
    }

    /** The base file is raw, or a qcow2 overlay of a cache entry; every other overlay is qcow2. */
    String format(String file) {
        return file.equals(base) ? baseFormat : QemuImg.QCOW2;
    }

    /** Whether the base file is a qcow2 overlay of an image-volume cache entry. */
    boolean baseIsOverlay() {
        return !baseFormat.equals(QemuImg.RAW);
    }

    /** Records a base file made a qcow2 overlay of {@code bytes}. */
    void baseOverlay(long bytes) {
        baseFormat = QemuImg.QCOW2;
        sizeBytes = bytes;
    }

    String active() {
        return active;
    }

    /** The volume's size in bytes as the chain records it, or 0 when the base file's size is the volume's. */
    long sizeBytes() {
        return sizeBytes;
    }

    void sizeBytes(long bytes) {
        sizeBytes = bytes;
    }

    Optional<String> snapshotFile(String snapshotId) {
        return Optional.ofNullable(snapshots.get(snapshotId));
    }

    Optional<String> backingOf(String file) {
        return Optional.ofNullable(backing.get(file));
    }

    /** The overlay backed by {@code file}, if any. */
    Optional<String> childOf(String file) {
        return backing.entrySet().stream().filter(entry -> entry.getValue().equals(file)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Records a snapshot: the active file is frozen for it and {@code overlay}, backed by it, becomes active. */
    void freeze(String snapshotId, String overlay) {
        snapshots.put(snapshotId, active);
        backing.put(overlay, active);
        active = overlay;
    }

    /**
     * Forgets a snapshot whose file {@code frozen} has had its child {@code child} committed into
     * it: whatever named the child now names the frozen file, which takes the child's place.
     */
    void merge(String snapshotId, String frozen, String child) {
        snapshots.remove(snapshotId);
        snapshots.replaceAll((id, file) -> file.equals(child) ? frozen : file);
        backing.remove(child);
        backing.replaceAll((overlay, file) -> file.equals(child) ? frozen : file);
        if (active.equals(child)) {
            active = frozen;
        }
    }
}
