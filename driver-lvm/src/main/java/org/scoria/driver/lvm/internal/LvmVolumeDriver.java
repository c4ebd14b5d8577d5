package org.scoria.driver.lvm.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.spi.qemu.QemuImg;
import org.scoria.spi.volume.BackendStats;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's reference driver: each volume a logical volume {@code volume-<id>} of a volume group
 * on a storage node, thin (in the group's thin pool, snapshots and clones as thin snapshots) or
 * thick (snapshots copy-on-write, clones and volumes from snapshots copied with {@code dd}),
 * exported over iSCSI with one target per volume and CHAP credentials of its own.
 * <p>
 * What the driver must remember lives on the node, in the volume group's metadata, so that it
 * goes with the volume and survives restarts of either side: a volume's CHAP credentials are the
 * tag {@code scoria.chap=user:secret}, each consumer it is exported to a tag
 * {@code scoria.consumer=<initiator>}. The target goes when the last consumer does, and a volume
 * with consumers whose target the node no longer serves (the node restarted without its target
 * configuration) is exported again when the backend's stats are next read.
 * <p>
 * A thick copy in progress carries the tag {@code scoria.incomplete}: a create redelivered after a
 * crash finds it and starts over instead of taking a half-copied volume for done.
 * <p>
 * Images are written onto volumes by this host's qemu-img through the volume's own iSCSI export
 * ({@link IscsiImages}): this host must reach the target portals.
 */
@Component(service = VolumeDriver.class, configurationPid = LvmVolumeDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = VolumeDriver.DRIVER_NAME + "=lvm")
@Designate(ocd = LvmVolumeDriver.Config.class, factory = true)
public class LvmVolumeDriver implements VolumeDriver {

    static final String PID = "org.scoria.driver.lvm";

    @ObjectClassDefinition(name = "Scoria LVM backend", description = "One backend: a volume group of a storage node, exported over iSCSI.")
    public @interface Config {
        @AttributeDefinition(name = "Backend name", description = "Unique on this host; Cinder's volume_backend_name.")
        String scoria_backend_name();

        @AttributeDefinition(name = "Availability zone")
        String scoria_backend_availability_zone() default "nova";

        @AttributeDefinition(name = "Volume group", description = "The volume group holding the volumes; the operator creates it.")
        String volume_group() default "cinder-volumes";

        @AttributeDefinition(name = "LVM type", description = "thin: thin volumes in the group's thin pool; default: thick volumes.")
        String lvm_type() default "thin";

        @AttributeDefinition(name = "Thin pool", description = "The thin pool's name; empty for <volume group>-pool.")
        String lvm_pool_name() default "";

        @AttributeDefinition(name = "Thin pool share (%)", description = "How much of the group's free space the thin "
                + "pool takes when the driver creates it (when it is missing).")
        int lvm_pool_percent() default 95;

        @AttributeDefinition(name = "Reserved percentage", description = "Share of the capacity never given to volumes, 0-100.")
        int reserved_percentage() default 0;

        @AttributeDefinition(name = "Max over-subscription ratio", description = "How far thin volumes may over-commit the pool, at least 1.0.")
        double max_over_subscription_ratio() default 20.0;

        @AttributeDefinition(name = "Target helper", description = "The node's iSCSI target: tgtadm (tgt) or lioadm "
                + "(the kernel's LIO, through targetcli).")
        String target_helper() default "tgtadm";

        @AttributeDefinition(name = "Target address", description = "The address consumers reach the node's targets at; "
                + "empty for the SSH host.")
        String target_ip_address() default "";

        @AttributeDefinition(name = "Target port")
        int target_port() default 3260;

        @AttributeDefinition(name = "Secondary target addresses", description = "Further portals (address or address:port), for multipath.")
        String[] target_secondary_ip_addresses() default {};

        @AttributeDefinition(name = "Target prefix", description = "The IQN prefix of the volumes' targets.")
        String target_prefix() default "iqn.2010-10.org.openstack:";

        @AttributeDefinition(name = "CHAP", description = "Each volume's target asks its initiators for CHAP credentials of its own.")
        boolean use_chap_auth() default true;

        @AttributeDefinition(name = "tgt configuration directory", description = "Where each target's file goes; tgt reads it at boot.")
        String tgt_config_dir() default "/etc/tgt/conf.d";

        @AttributeDefinition(name = "Volume clear", description = "How a deleted thick volume's data is wiped: zero or none. "
                + "Thin volumes need no wipe: the pool hands out zeroed blocks.")
        String volume_clear() default "zero";

        @AttributeDefinition(name = "Volume clear size (MiB)", description = "How much of a thick volume is wiped; 0 for all of it.")
        int volume_clear_size() default 0;

        @AttributeDefinition(name = "SSH host", description = "The storage node; empty when the platform runs on it (commands run locally).")
        String ssh_host() default "";

        @AttributeDefinition(name = "SSH port")
        int ssh_port() default 22;

        @AttributeDefinition(name = "SSH user", description = "Must be able to run lvm2 and the target commands (root).")
        String ssh_user() default "root";

        @AttributeDefinition(name = "SSH private key", description = "The key file (OpenSSH or PEM format) the user logs in with.")
        String ssh_private_key() default "";

        @AttributeDefinition(name = "SSH known hosts", description = "A known_hosts file the node's host key must be in; "
                + "empty accepts any host key.")
        String ssh_known_hosts() default "";

        @AttributeDefinition(name = "Connect timeout (s)", description = "How long to wait for the node to answer a connection.")
        int ssh_connect_timeout() default 10;

        @AttributeDefinition(name = "Command timeout (s)", description = "How long one lvm2 or target command may take.")
        int command_timeout() default 60;

        @AttributeDefinition(name = "Copy timeout (s)", description = "How long copying or wiping a thick volume, or"
                + " writing an image onto a volume, may take.")
        int copy_timeout() default 3600;

        @AttributeDefinition(name = "qemu-img command", description = "The qemu-img of this host that writes images onto"
                + " volumes over iSCSI; it needs libiscsi (Debian's qemu-block-extra).")
        String qemu_img_command() default "qemu-img";
    }

    private static final Logger LOG = LoggerFactory.getLogger(LvmVolumeDriver.class);
    private static final String VERSION = "1.1.0";
    static final String CHAP_TAG = "scoria.chap";
    static final String CONSUMER_TAG = "scoria.consumer";
    static final String INCOMPLETE_TAG = "scoria.incomplete";

    private final CommandExecutor node;
    private final Lvm lvm;
    private final TargetHelper targets;
    private final boolean thin;
    private final String pool;
    private final int poolPercent;
    private final int reservedPercentage;
    private final double maxOverSubscriptionRatio;
    private final List<String> portals;
    private final String targetPrefix;
    private final boolean chap;
    private final boolean clearThick;
    private final int clearSizeMib;
    private final Duration copyTimeout;
    private final String locationInfo;
    private final IscsiImages images;
    /**
     * Operations on one logical volume are serialised, one lock per volume: a copy may hold its
     * lock for as long as {@code dd} takes, and must hold up no other volume.
     */
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    @Activate
    public LvmVolumeDriver(Config config) {
        require(config.lvm_type().equals("thin") || config.lvm_type().equals("default"),
                "lvm.type must be thin or default, was " + config.lvm_type());
        require(config.target_helper().equals("tgtadm") || config.target_helper().equals("lioadm"),
                "target.helper must be tgtadm or lioadm, was " + config.target_helper());
        require(config.volume_clear().equals("zero") || config.volume_clear().equals("none"),
                "volume.clear must be zero or none, was " + config.volume_clear());
        require(config.reserved_percentage() >= 0 && config.reserved_percentage() <= 100,
                "reserved.percentage must be within 0..100, was " + config.reserved_percentage());
        require(config.max_over_subscription_ratio() >= 1.0,
                "max.over.subscription.ratio must be at least 1.0, was " + config.max_over_subscription_ratio());
        require(config.lvm_pool_percent() > 0 && config.lvm_pool_percent() <= 100,
                "lvm.pool.percent must be within 1..100, was " + config.lvm_pool_percent());
        require(config.volume_clear_size() >= 0, "volume.clear.size must not be negative");
        require(config.ssh_connect_timeout() > 0 && config.command_timeout() > 0 && config.copy_timeout() > 0,
                "ssh.connect.timeout, command.timeout and copy.timeout must be positive");
        require(!config.volume_group().isBlank(), "volume.group must be set");
        String address = config.target_ip_address().isBlank() ? config.ssh_host() : config.target_ip_address();
        require(!address.isBlank(), "target.ip.address must be set when the node is this host (no ssh.host)");
        Duration commandTimeout = Duration.ofSeconds(config.command_timeout());
        if (config.ssh_host().isBlank()) {
            node = new LocalCommandExecutor(commandTimeout);
        } else {
            require(!config.ssh_private_key().isBlank() && Files.isReadable(Path.of(config.ssh_private_key())),
                    "ssh.private.key " + config.ssh_private_key() + " cannot be read");
            node = new SshCommandExecutor(config.ssh_host(), config.ssh_port(), config.ssh_user(),
                    Path.of(config.ssh_private_key()),
                    config.ssh_known_hosts().isBlank() ? null : Path.of(config.ssh_known_hosts()),
                    Duration.ofSeconds(config.ssh_connect_timeout()), commandTimeout);
        }
        lvm = new Lvm(node, config.volume_group());
        targets = config.target_helper().equals("lioadm") ? new LioTargetHelper(node)
                : new TgtTargetHelper(node, config.tgt_config_dir());
        thin = config.lvm_type().equals("thin");
        pool = config.lvm_pool_name().isBlank() ? config.volume_group() + "-pool" : config.lvm_pool_name();
        poolPercent = config.lvm_pool_percent();
        reservedPercentage = config.reserved_percentage();
        maxOverSubscriptionRatio = config.max_over_subscription_ratio();
        List<String> all = new ArrayList<>();
        all.add(address);
        all.addAll(Arrays.asList(config.target_secondary_ip_addresses()));
        portals = all.stream().map(String::strip).filter(portal -> !portal.isEmpty())
                .map(portal -> portal.contains(":") ? portal : portal + ":" + config.target_port()).toList();
        targetPrefix = config.target_prefix();
        chap = config.use_chap_auth();
        clearThick = config.volume_clear().equals("zero");
        clearSizeMib = config.volume_clear_size();
        copyTimeout = Duration.ofSeconds(config.copy_timeout());
        images = new IscsiImages(new QemuImg(config.qemu_img_command(), config.copy_timeout()));
        locationInfo = "LVMVolumeDriver:" + (config.ssh_host().isBlank() ? "localhost" : config.ssh_host()) + ":"
                + config.volume_group() + ":" + config.lvm_type() + ":0";
        // Nothing is run on the node yet: a node that is down makes the backend report down, not the driver fail to start.
        LOG.info("LVM backend {}: {} volumes in volume group {} on {}, exported by {} at {}{}",
                config.scoria_backend_name(), thin ? "thin" : "thick", config.volume_group(), node.node(),
                config.target_helper(), portals, chap ? " with CHAP" : "");
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    @Deactivate
    public void stop() {
        node.close();
    }

    @Override
    public String createVolume(VolumeSpec volume) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            if (existsWithSize(name, volume.sizeGb())) {
                return null;
            }
            if (thin) {
                ensurePool();
                lvm.createThin(name, volume.sizeGb(), pool);
            } else {
                lvm.createThick(name, volume.sizeGb());
            }
        }
        return null;
    }

    /**
     * Whether a redelivered create already made the volume. One left half-copied is removed so
     * that the create starts over; one of another size is an error.
     */
    private boolean existsWithSize(String name, int sizeGb) throws DriverException {
        Optional<LogicalVolume> existing = lvm.find(name);
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().tags().contains(INCOMPLETE_TAG)) {
            LOG.warn("Removing {}, left half-copied by an earlier attempt, before making it again", lvm.device(name));
            lvm.remove(name);
            return false;
        }
        if (existing.get().sizeBytes() != sizeGb * Lvm.GIB) {
            throw new DriverException(lvm.device(name) + " exists with " + existing.get().sizeBytes() + " bytes, not "
                    + sizeGb * Lvm.GIB);
        }
        return true;
    }

    @Override
    public void deleteVolume(VolumeSpec volume) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            Optional<LogicalVolume> existing = lvm.find(name);
            if (existing.isEmpty()) {
                return;
            }
            LogicalVolume lv = existing.get();
            // An export left behind (a consumer that never detached) would keep the device open.
            if (!lv.tagValues(CONSUMER_TAG).isEmpty()) {
                targets.remove(name, iqn(name));
            }
            if (!lv.thinVolume() && clearThick) {
                long mib = lv.sizeBytes() >> 20;
                lvm.zero(name, clearSizeMib > 0 ? Math.min(clearSizeMib, mib) : mib, copyTimeout);
            }
            lvm.remove(name);
        }
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            LogicalVolume lv = existing(name);
            if (lv.sizeBytes() < newSizeGb * Lvm.GIB) {
                lvm.extend(name, newSizeGb);
            }
        }
    }

    @Override
    public String createSnapshot(SnapshotSpec snapshot) throws DriverException {
        String origin = snapshot.volume().storageName();
        synchronized (lock(origin)) {
            String name = snapshotName(snapshot);
            if (lvm.find(name).isPresent()) {
                return null;
            }
            // Thick: room for the whole volume to change, as Cinder sizes it.
            lvm.snapshot(name, origin, existing(origin).thinVolume() ? null : snapshot.volume().sizeGb(), false);
        }
        return null;
    }

    @Override
    public void deleteSnapshot(SnapshotSpec snapshot) throws DriverException {
        String name = snapshotName(snapshot);
        synchronized (lock(snapshot.volume().storageName())) {
            if (lvm.find(name).isPresent()) {
                lvm.remove(name);
            }
        }
    }

    @Override
    public String createVolumeFromSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        String source = snapshotName(snapshot);
        synchronized (lock(volume.storageName())) {
            if (!existsWithSize(volume.storageName(), volume.sizeGb())) {
                copyOf(volume, existing(source), snapshot.volume().sizeGb());
            }
        }
        return null;
    }

    @Override
    public String cloneVolume(VolumeSpec volume, VolumeSpec source) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            if (existsWithSize(name, volume.sizeGb())) {
                return null;
            }
            LogicalVolume from = existing(source.storageName());
            if (from.thinVolume()) {
                copyOf(volume, from, source.sizeGb());
                return null;
            }
            // A thick source keeps changing while it is read: the copy is made from a snapshot of it,
            // named for the clone (lvm2 itself serialises changes to the group's metadata).
            String temporary = "_clone-snap-" + volume.id();
            Optional<LogicalVolume> made = lvm.find(temporary);
            if (made.isEmpty()) {
                lvm.snapshot(temporary, source.storageName(), source.sizeGb(), false);
            }
            try {
                copyOf(volume, made.isPresent() ? made.get() : existing(temporary), source.sizeGb());
            } finally {
                lvm.remove(temporary);
            }
        }
        return null;
    }

    /**
     * Makes {@code volume} with the data of the logical volume {@code from} of {@code sourceGb}
     * GiB: a thin snapshot of a thin source, else a thick volume filled with {@code dd}.
     */
    private void copyOf(VolumeSpec volume, LogicalVolume from, int sourceGb) throws DriverException {
        String name = volume.storageName();
        String source = from.name();
        if (from.thinVolume()) {
            lvm.snapshot(name, source, null, true);
            if (volume.sizeGb() > sourceGb) {
                lvm.extend(name, volume.sizeGb());
            }
            return;
        }
        lvm.createThick(name, volume.sizeGb(), INCOMPLETE_TAG);
        if (!from.active()) {
            lvm.activate(source);
        }
        lvm.copy(source, name, sourceGb, copyTimeout);
        lvm.deleteTag(name, INCOMPLETE_TAG);
    }

    @Override
    public void revertToSnapshot(VolumeSpec volume, SnapshotSpec snapshot) throws DriverException {
        String name = volume.storageName();
        String source = snapshotName(snapshot);
        synchronized (lock(name)) {
            LogicalVolume from = existing(source);
            if (!from.thinVolume()) {
                // Copy-on-write keeps the snapshot whole while the volume is overwritten.
                lvm.copy(source, name, snapshot.volume().sizeGb(), copyTimeout);
                return;
            }
            // Thin: the volume is replaced by a thin snapshot of the snapshot, which stays. The
            // replacement is made aside and renamed in, so that a crash leaves one of the two.
            String replacement = name + ".revert";
            Optional<LogicalVolume> current = lvm.find(name);
            Optional<LogicalVolume> made = lvm.find(replacement);
            if (current.isEmpty() && made.isPresent()) {
                lvm.rename(replacement, name);
                return;
            }
            LogicalVolume lv = current.orElseThrow(() -> new DriverException(lvm.device(name) + " does not exist"));
            if (made.isPresent()) {
                lvm.remove(replacement);
            }
            lvm.snapshot(replacement, source, null, true, lv.tags().toArray(new String[0]));
            if (volume.sizeGb() > snapshot.volume().sizeGb()) {
                lvm.extend(replacement, volume.sizeGb());
            }
            lvm.remove(name);
            lvm.rename(replacement, name);
        }
    }

    /** A new thin volume reads zeros, so the image's zeros are skipped; a thick one may hold a deleted volume's data. */
    @Override
    public void copyImageToVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        exported(volume, export -> images.write(export, image, format, thin ? QemuImg.Fill.ZEROED_TARGET
                : QemuImg.Fill.THICK));
    }

    /** Every block of the image, zeros included: nothing the volume held shows through where the image is. */
    @Override
    public void reimageVolume(VolumeSpec volume, Path image, String format) throws DriverException {
        exported(volume, export -> images.write(export, image, format, QemuImg.Fill.THICK));
    }

    /** What is done with a volume exported to this host. */
    @FunctionalInterface
    private interface ExportWork {
        void apply(ConnectionInfo export) throws DriverException;
    }

    /** Runs {@code work} with the volume exported to this host's qemu-img, and ends that export after. */
    private void exported(VolumeSpec volume, ExportWork work) throws DriverException {
        ConnectionInfo export = initializeConnection(volume, IscsiImages.TRANSFER);
        try {
            work.apply(export);
        } finally {
            terminateConnection(volume, IscsiImages.TRANSFER);
        }
    }

    @Override
    public ConnectionInfo initializeConnection(VolumeSpec volume, Map<String, Object> connector) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            LogicalVolume lv = existing(name);
            Chap credentials = chap ? chapOf(lv) : null;
            String consumer = consumer(connector);
            // Recorded before the target is made: a crash in between leaves a target to make, never one nobody owns.
            if (!lv.tagValues(CONSUMER_TAG).contains(consumer)) {
                lvm.addTag(name, CONSUMER_TAG + "=" + consumer);
            }
            if (!lv.active()) {
                lvm.activate(name);
            }
            targets.export(name, iqn(name), lvm.device(name), credentials);
            return connectionInfo(volume, credentials);
        }
    }

    /** The volume's CHAP credentials, made and recorded on the volume the first time it is exported. */
    private Chap chapOf(LogicalVolume lv) throws DriverException {
        String recorded = lv.tag(CHAP_TAG);
        Chap credentials = recorded == null ? null : Chap.decode(recorded);
        if (credentials == null) {
            credentials = Chap.generate();
            lvm.addTag(lv.name(), CHAP_TAG + "=" + credentials.encoded());
        }
        return credentials;
    }

    private ConnectionInfo connectionInfo(VolumeSpec volume, Chap credentials) {
        String iqn = iqn(volume.storageName());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target_discovered", false);
        data.put("target_portal", portals.get(0));
        data.put("target_iqn", iqn);
        data.put("target_lun", targets.lun());
        data.put("target_portals", portals);
        data.put("target_iqns", portals.stream().map(portal -> iqn).toList());
        data.put("target_luns", portals.stream().map(portal -> targets.lun()).toList());
        data.put("volume_id", volume.id());
        if (credentials != null) {
            data.put("auth_method", "CHAP");
            data.put("auth_username", credentials.username());
            data.put("auth_password", credentials.password());
        }
        data.put("discard", false);
        data.put("encrypted", false);
        return new ConnectionInfo("iscsi", data);
    }

    @Override
    public void terminateConnection(VolumeSpec volume, Map<String, Object> connector) throws DriverException {
        String name = volume.storageName();
        synchronized (lock(name)) {
            Optional<LogicalVolume> existing = lvm.find(name);
            if (existing.isEmpty()) {
                return;
            }
            Set<String> consumers = existing.get().tagValues(CONSUMER_TAG);
            Set<String> leaving;
            if (connector == null || connector.isEmpty()) {
                // A forced detach: every consumer goes.
                leaving = consumers;
            } else {
                String consumer = consumer(connector);
                leaving = consumers.contains(consumer) ? Set.of(consumer) : Set.of();
            }
            if (leaving.containsAll(consumers)) {
                targets.remove(name, iqn(name));
            }
            for (String consumer : leaving) {
                lvm.deleteTag(name, CONSUMER_TAG + "=" + consumer);
            }
        }
    }

    /**
     * Who a connector is, as a tag value: its initiator's IQN, else its host. lvm2 tags take
     * letters, digits and {@code _+.-/=!:&#} only.
     */
    static String consumer(Map<String, Object> connector) {
        Object initiator = connector == null ? null : connector.get("initiator");
        Object host = connector == null ? null : connector.get("host");
        String who = initiator != null && !initiator.toString().isBlank() ? initiator.toString()
                : host != null && !host.toString().isBlank() ? "host:" + host : "unknown";
        return who.replaceAll("[^A-Za-z0-9_+.:-]", "_");
    }

    @Override
    public BackendStats getStats() throws DriverException {
        List<LogicalVolume> volumes = lvm.list();
        if (thin && volumes.stream().noneMatch(lv -> lv.name().equals(pool))) {
            ensurePool();
            volumes = lvm.list();
        }
        restoreExports(volumes);
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("location_info", locationInfo);
        capabilities.put("volume_group", lvm.group());
        capabilities.put("lvm_type", thin ? "thin" : "default");
        capabilities.put("multiattach", true);
        capabilities.put("snapshot_support", true);
        capabilities.put("revert_to_snapshot_support", true);
        double total;
        double free;
        double provisioned;
        if (thin) {
            LogicalVolume thinPool = volumes.stream().filter(lv -> lv.name().equals(pool)).findFirst()
                    .orElseThrow(() -> new DriverException("thin pool " + lvm.group() + "/" + pool + " is missing on "
                            + node.node()));
            total = thinPool.sizeBytes();
            free = total * (100 - thinPool.dataPercent()) / 100;
            provisioned = volumes.stream().filter(lv -> lv.thinVolume() && pool.equals(lv.pool()))
                    .mapToLong(LogicalVolume::sizeBytes).sum();
            capabilities.put("thin_pool_name", pool);
            capabilities.put("thin_pool_data_percent", thinPool.dataPercent());
            capabilities.put("thin_pool_metadata_percent", thinPool.metadataPercent());
        } else {
            Lvm.VolumeGroup group = lvm.volumeGroup();
            total = group.sizeBytes();
            free = group.freeBytes();
            provisioned = total - free;
        }
        return new BackendStats(total / Lvm.GIB, free / Lvm.GIB, provisioned / Lvm.GIB, thin, reservedPercentage,
                thin ? maxOverSubscriptionRatio : 1.0, "iSCSI", "Open Source", VERSION, capabilities);
    }

    /** Exports again every volume with consumers whose target the node does not serve (it restarted without it). */
    private void restoreExports(List<LogicalVolume> volumes) throws DriverException {
        List<LogicalVolume> exported = volumes.stream().filter(lv -> !lv.tagValues(CONSUMER_TAG).isEmpty()).toList();
        if (exported.isEmpty()) {
            return;
        }
        if (!targets.ready()) {
            // Exporting now would race the target service's own start (tgt refuses logins until it is ready).
            LOG.info("The iSCSI target service on {} is still starting; exports are checked again on the next round",
                    node.node());
            return;
        }
        Set<String> served = targets.targets();
        for (LogicalVolume listed : exported) {
            if (served.contains(iqn(listed.name()))) {
                continue;
            }
            try {
                reexport(listed.name());
            } catch (DriverException e) {
                // One volume that cannot be exported must not take the backend's report down with it.
                LOG.error("Exporting {} again on {} failed; tried again on the next round: {}", lvm.device(listed.name()),
                        node.node(), e.getMessage());
            }
        }
    }

    private void reexport(String name) throws DriverException {
        synchronized (lock(name)) {
            // Looked at again under the lock: its last consumer may have gone since the listing.
            Optional<LogicalVolume> lv = lvm.find(name);
            if (lv.isEmpty() || lv.get().tagValues(CONSUMER_TAG).isEmpty()) {
                return;
            }
            LOG.warn("Storage node {} does not serve the target of {} (exported to {}); exporting it again",
                    node.node(), lvm.device(name), lv.get().tagValues(CONSUMER_TAG));
            if (!lv.get().active()) {
                lvm.activate(name);
            }
            targets.export(name, iqn(name), lvm.device(name), chap ? chapOf(lv.get()) : null);
        }
    }

    private synchronized void ensurePool() throws DriverException {
        if (lvm.find(pool).isEmpty()) {
            LOG.info("Creating thin pool {}/{} on {} with {}% of the volume group's free space", lvm.group(), pool,
                    node.node(), poolPercent);
            lvm.createThinPool(pool, poolPercent);
        }
    }

    private LogicalVolume existing(String name) throws DriverException {
        return lvm.find(name).orElseThrow(() -> new DriverException(lvm.device(name) + " does not exist on " + node.node()));
    }

    /** lvm2 reserves names starting with "snapshot": Cinder's prefix. */
    private static String snapshotName(SnapshotSpec snapshot) {
        return "_" + snapshot.storageName();
    }

    private String iqn(String name) {
        return targetPrefix + name;
    }

    private Object lock(String name) {
        return locks.computeIfAbsent(name, key -> new Object());
    }
}
