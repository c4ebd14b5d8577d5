package org.scoria.backup.nfs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.backup.ObjectMissingException;
import org.scoria.spi.backup.ObjectStore;
import org.scoria.spi.backup.ObjectStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups on a mounted share: a container is a directory, an object a file (its name's slashes
 * are subdirectories). An object is written under a temporary name, synced and renamed, so a
 * crash never leaves a short file under an object's name.
 */
@Component(service = ObjectStore.class, configurationPid = PosixObjectStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = ObjectStore.DRIVER_NAME + "=nfs")
@Designate(ocd = PosixObjectStore.Config.class)
public class PosixObjectStore implements ObjectStore {

    static final String PID = "org.scoria.backup.nfs";

    @ObjectClassDefinition(name = "Scoria NFS backup store", description = "Backups as files on a mounted share.")
    public @interface Config {
        @AttributeDefinition(name = "Backup directory", description = "Where the share is mounted; created when missing.")
        String backup_directory();

        @AttributeDefinition(name = "Container", description = "The directory every backup goes to when its request"
                + " names none; empty for one per project (backups-<project id>).")
        String container() default "";

        @AttributeDefinition(name = "Chunk size (bytes)", description = "The size of the pieces volumes are stored in.")
        int chunk_size_bytes() default 52428800;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PosixObjectStore.class);

    private final Path root;
    private final String defaultContainer;
    private final int chunkSize;

    @Activate
    public PosixObjectStore(Config config) throws IOException {
        if (config.chunk_size_bytes() < 65536) {
            throw new IllegalArgumentException("chunk.size.bytes must be at least 65536, was " + config.chunk_size_bytes());
        }
        this.root = Paths.get(config.backup_directory()).toAbsolutePath().normalize();
        this.defaultContainer = config.container().trim();
        this.chunkSize = config.chunk_size_bytes();
        Files.createDirectories(root);
        LOG.info("NFS backup store on {} ({}, chunks of {} bytes)", root,
                defaultContainer.isEmpty() ? "a container per project" : "container " + defaultContainer, chunkSize);
    }

    @Override
    public String defaultContainer(String projectId) {
        return defaultContainer.isEmpty() ? "backups-" + projectId : defaultContainer;
    }

    @Override
    public int chunkSizeBytes() {
        return chunkSize;
    }

    @Override
    public void ensureContainer(String container) throws ObjectStoreException {
        try {
            Files.createDirectories(directory(container));
        } catch (IOException e) {
            throw new ObjectStoreException("cannot create the container directory " + directory(container) + ": " + e, e);
        }
    }

    @Override
    public void put(String container, String object, byte[] data) throws ObjectStoreException {
        Path target = file(container, object);
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                file.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // The write's own failure is the one to report.
            }
            throw new ObjectStoreException("cannot write " + target + ": " + e, e);
        }
    }

    @Override
    public byte[] get(String container, String object) throws ObjectStoreException {
        Path file = file(container, object);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ObjectMissingException(container, object);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public void delete(String container, String object) throws ObjectStoreException {
        Path file = file(container, object);
        try {
            Files.deleteIfExists(file);
            // Directories the object's name made go with their last object, the container itself stays.
            Path top = directory(container);
            for (Path dir = file.getParent(); dir != null && dir.startsWith(top) && !dir.equals(top); dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException stillUsed) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot delete " + file + ": " + e, e);
        }
    }

    @Override
    public List<String> list(String container, String prefix) throws ObjectStoreException {
        Path top = directory(container);
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> top.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(object -> object.startsWith(prefix) && !object.endsWith(".partial"))
                    .toList();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot list " + top + ": " + e, e);
        }
    }

    private Path directory(String container) throws ObjectStoreException {
        if (container == null || container.isEmpty() || container.contains("/") || container.equals(".")
                || container.equals("..")) {
            throw new ObjectStoreException("invalid container name " + container);
        }
        return root.resolve(container);
    }

    /** The object's file, refusing names that would lead out of the container. */
    private Path file(String container, String object) throws ObjectStoreException {
        Path top = directory(container);
        Path file = top.resolve(object).normalize();
        if (!file.startsWith(top) || file.equals(top)) {
            throw new ObjectStoreException("invalid object name " + object);
        }
        return file;
    }
}
