package org.scoria.driver.lvm.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.scoria.spi.volume.DriverException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * lvm2 on the storage node, for one volume group: the commands the driver needs, and their JSON
 * reports read ({@code --reportformat json}, sizes in bytes). lvm2's warnings on stderr (an
 * over-provisioned thin pool, for one) are not errors: only the exit code and stdout count.
 */
final class Lvm {

    static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LV_FIELDS = "lv_name,lv_size,lv_attr,pool_lv,origin,data_percent,metadata_percent,lv_tags";

    /** The volume group's size and free space, in bytes. */
    record VolumeGroup(long sizeBytes, long freeBytes) {
    }

    private final CommandExecutor node;
    private final String group;

    Lvm(CommandExecutor node, String group) {
        this.node = node;
        this.group = group;
    }

    String group() {
        return group;
    }

    /** The device node of a logical volume of the group, on the storage node. */
    String device(String name) {
        return "/dev/" + group + "/" + name;
    }

    VolumeGroup volumeGroup() throws DriverException {
        CommandResult result = node.check("vgs", "--reportformat", "json", "--units", "b", "--nosuffix",
                "-o", "vg_size,vg_free", group);
        JsonNode row = rows(result, "vg").stream().findFirst()
                .orElseThrow(() -> new DriverException("vgs reported nothing for volume group " + group + " on " + node.node()));
        return new VolumeGroup(bytes(row.path("vg_size")), bytes(row.path("vg_free")));
    }

    /** Every logical volume of the group. */
    List<LogicalVolume> list() throws DriverException {
        return rows(node.check("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", LV_FIELDS, group), "lv")
                .stream().map(Lvm::logicalVolume).toList();
    }

    Optional<LogicalVolume> find(String name) throws DriverException {
        CommandResult result = node.run(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix",
                "-o", LV_FIELDS, group + "/" + name), null, node.defaultTimeout());
        if (!result.succeeded() && result.stderr().contains("Failed to find logical volume")) {
            return Optional.empty();
        }
        return rows(result.orFail(node.node()), "lv").stream().map(Lvm::logicalVolume).findFirst();
    }

    /** Reads {@code {"report": [{"<kind>": [rows]}]}}. */
    static List<JsonNode> rows(CommandResult result, String kind) throws DriverException {
        List<JsonNode> rows = new ArrayList<>();
        try {
            for (JsonNode report : JSON.readTree(result.stdout()).path("report")) {
                report.path(kind).forEach(rows::add);
            }
        } catch (java.io.IOException e) {
            throw new DriverException("'" + String.join(" ", result.command()) + "' printed no JSON report: "
                    + result.stdout().strip(), e);
        }
        return rows;
    }

    static LogicalVolume logicalVolume(JsonNode row) {
        String tags = row.path("lv_tags").asText();
        return new LogicalVolume(row.path("lv_name").asText(), bytes(row.path("lv_size")), row.path("lv_attr").asText(),
                row.path("pool_lv").asText(), row.path("origin").asText(), percent(row.path("data_percent")),
                percent(row.path("metadata_percent")),
                tags.isEmpty() ? Set.of() : Arrays.stream(tags.split(",")).collect(Collectors.toUnmodifiableSet()));
    }

    private static long bytes(JsonNode value) {
        return value.asText().isEmpty() ? 0 : Long.parseLong(value.asText());
    }

    private static double percent(JsonNode value) {
        return value.asText().isEmpty() ? 0 : Double.parseDouble(value.asText());
    }

    /** A thin pool taking {@code percentOfFree} of the group's free extents. */
    void createThinPool(String pool, int percentOfFree) throws DriverException {
        node.check("lvcreate", "--yes", "-T", "-l", percentOfFree + "%FREE", group + "/" + pool);
    }

    void createThin(String name, int sizeGb, String pool, String... tags) throws DriverException {
        node.check(withTags(List.of("lvcreate", "-T", "-V", sizeGb + "g", "-n", name, group + "/" + pool), tags));
    }

    void createThick(String name, int sizeGb, String... tags) throws DriverException {
        node.check(withTags(List.of("lvcreate", "--yes", "-L", sizeGb + "g", "-n", name, group), tags));
    }

    /**
     * A snapshot of {@code origin}: thin when the origin is thin, copy-on-write with room for
     * {@code cowSizeGb} of changes otherwise. As a volume it is active and not skipped when the
     * group is activated; as a snapshot it keeps lvm2's activation skip.
     */
    void snapshot(String name, String origin, Integer cowSizeGb, boolean asVolume, String... tags) throws DriverException {
        List<String> command = new ArrayList<>(List.of("lvcreate", "-s", "-n", name));
        if (cowSizeGb != null) {
            command.addAll(List.of("-L", cowSizeGb + "g"));
        }
        if (asVolume) {
            command.addAll(List.of("-kn", "-ay"));
        }
        command.add(group + "/" + origin);
        node.check(withTags(command, tags));
    }

    /** Activates a logical volume, also one lvm2 skips on activation (a thin snapshot). */
    void activate(String name) throws DriverException {
        node.check("lvchange", "-ay", "-K", group + "/" + name);
    }

    void extend(String name, int sizeGb) throws DriverException {
        node.check("lvextend", "-L", sizeGb + "g", group + "/" + name);
    }

    void rename(String from, String to) throws DriverException {
        node.check("lvrename", group, from, to);
    }

    void remove(String name) throws DriverException {
        node.check("lvremove", "-f", group + "/" + name);
    }

    void addTag(String name, String tag) throws DriverException {
        node.check("lvchange", "--addtag", tag, group + "/" + name);
    }

    void deleteTag(String name, String tag) throws DriverException {
        node.check("lvchange", "--deltag", tag, group + "/" + name);
    }

    /**
     * Copies {@code sizeGb} GiB from one device to another with direct I/O.
     */
    void copy(String from, String to, int sizeGb, Duration timeout) throws DriverException {
        node.run(List.of("dd", "if=" + device(from), "of=" + device(to), "bs=1M", "count=" + sizeGb * 1024,
                "iflag=direct", "oflag=direct", "conv=fsync"), null, timeout).orFail(node.node());
    }

    /** Overwrites the first {@code mib} MiB of a device with zeros. */
    void zero(String name, long mib, Duration timeout) throws DriverException {
        node.run(List.of("dd", "if=/dev/zero", "of=" + device(name), "bs=1M", "count=" + mib, "oflag=direct",
                "conv=fsync"), null, timeout).orFail(node.node());
    }

    private static String[] withTags(List<String> command, String... tags) {
        List<String> all = new ArrayList<>(command);
        for (String tag : tags) {
            all.add(all.size() - 1, "--addtag");
            all.add(all.size() - 1, tag);
        }
        return all.toArray(new String[0]);
    }
}
