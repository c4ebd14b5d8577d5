package org.scoria.spi.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.scoria.spi.volume.DriverException;

/**
 * The {@code qemu-img} command, run with a time limit. A failure carries qemu-img's own words,
 * so that the volume's status reason tells an operator what went wrong. Files are named by
 * {@link Path}; where an operation also takes what qemu-img reaches through a protocol (an RBD
 * image as {@code rbd:pool/image:id=...:conf=...}), the target is a string.
 *
 * @since 1.0
 */
public final class QemuImg {

    public static final String RAW = "raw";
    public static final String QCOW2 = "qcow2";

    /** How a disk image is written onto a target that exists. */
    public enum Fill {
        /** The target reads as zeros (a new thin volume): the image's runs of zeros are skipped. */
        ZEROED_TARGET,
        /** The image's runs of zeros become holes, or zeroed ranges, in the target. */
        SPARSE,
        /** Every block is written, zeros included: a thick target owns its space. */
        THICK
    }

    private final String command;
    private final long timeoutSeconds;

    public QemuImg(String command, long timeoutSeconds) {
        this.command = command;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * A new empty qcow2 overlay over {@code backing}. The backing file is named relative to the
     * overlay (they share the directory), so the share may be mounted anywhere.
     */
    public void createOverlay(Path overlay, Path backing, String backingFormat, long sizeBytes) throws DriverException {
        run("create", "-q", "-f", QCOW2, "-b", backing.getFileName().toString(), "-F", backingFormat,
                overlay.toString(), Long.toString(sizeBytes));
    }

    /** Writes the image seen through {@code source} and its backing chain into a new raw file. */
    public void convertToRaw(Path source, String sourceFormat, Path target, boolean sparse) throws DriverException {
        convert(source.toString(), sourceFormat, target.toString(), RAW, sparse);
    }

    /**
     * Writes the image seen through {@code source} and its backing chain into a new file, or a
     * protocol's image, {@code target} in {@code targetFormat}.
     */
    public void convert(String source, String sourceFormat, String target, String targetFormat, boolean sparse)
            throws DriverException {
        List<String> arguments = new ArrayList<>(List.of("convert", "-q", "-f", sourceFormat, "-O", targetFormat));
        if (!sparse) {
            // Write every block, zeros included: a thick volume owns its space from the start.
            arguments.addAll(List.of("-S", "0"));
        }
        arguments.addAll(List.of(source, target));
        run(arguments.toArray(String[]::new));
    }

    /** Writes a disk image into an existing file, or a protocol's image, {@code target} at least its size. */
    public void writeImage(String image, String imageFormat, String target, String targetFormat, Fill fill)
            throws DriverException {
        List<String> arguments = new ArrayList<>(List.of("convert", "-q", "-n", "-f", imageFormat, "-O", targetFormat));
        switch (fill) {
            case ZEROED_TARGET -> arguments.add("--target-is-zero");
            case THICK -> arguments.addAll(List.of("-S", "0"));
            case SPARSE -> {
                // qemu-img's default: zeros are written as zeroed ranges, which a raw file makes holes.
            }
        }
        arguments.addAll(List.of(image, target));
        run(arguments.toArray(String[]::new));
    }

    /** Writes a raw image's data into an existing image of the same size, in its format. */
    public void writeInto(Path raw, Path target, String targetFormat) throws DriverException {
        run("convert", "-q", "-n", "-f", RAW, "-O", targetFormat, raw.toString(), target.toString());
    }

    /** Writes an overlay's data into its backing file; the overlay is left empty. */
    public void commit(Path overlay) throws DriverException {
        run("commit", "-q", "-f", QCOW2, overlay.toString());
    }

    /** Points {@code image} at another backing file with the same content, without copying data. */
    public void rebaseUnsafe(Path image, Path backing, String backingFormat) throws DriverException {
        run("rebase", "-q", "-u", "-f", QCOW2, "-b", backing.getFileName().toString(), "-F", backingFormat,
                image.toString());
    }

    public void resize(Path image, String format, long sizeBytes) throws DriverException {
        run("resize", "-q", "-f", format, image.toString(), Long.toString(sizeBytes));
    }

    /** The image's virtual size in bytes. */
    public long virtualSize(Path image, String format) throws DriverException {
        String json = run("info", "-f", format, "--output=json", image.toString());
        int at = json.indexOf("\"virtual-size\"");
        if (at < 0) {
            throw new DriverException("qemu-img info gave no virtual size for " + image);
        }
        String rest = json.substring(json.indexOf(':', at) + 1).trim();
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        return Long.parseLong(rest.substring(0, end));
    }

    /** Runs qemu-img with the arguments; its output. */
    public String run(String... arguments) throws DriverException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command);
        commandLine.addAll(List.of(arguments));
        Path output = null;
        Process process = null;
        try {
            // Output to a file rather than a pipe: waiting stays interruptible and bounded by the timeout.
            output = Files.createTempFile("scoria-qemu-img", ".out");
            process = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new DriverException(String.join(" ", commandLine) + " took more than " + timeoutSeconds + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new DriverException(String.join(" ", commandLine) + " failed (exit " + process.exitValue() + "): "
                        + text);
            }
            return text;
        } catch (IOException e) {
            throw new DriverException("cannot run " + command + " (is qemu-utils installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(command + " was interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }
}
