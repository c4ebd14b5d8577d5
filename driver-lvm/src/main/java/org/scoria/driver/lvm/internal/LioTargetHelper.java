package org.scoria.driver.lvm.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.scoria.spi.volume.DriverException;

/**
 * Targets served by LIO, the kernel's own target, through {@code targetcli}: a block backstore
 * named for the volume, a target with one LUN (LIO numbers it 0) and, with CHAP, the credentials
 * on its portal group, which any initiator that knows them may use (as with tgt). Each change
 * ends with {@code saveconfig}, which the node's {@code rtslib-fb-targetctl} service restores at
 * boot. Commands go to one {@code targetcli} per change, fed on its standard input, and are
 * serialised: targetcli rewrites the whole saved configuration.
 */
final class LioTargetHelper implements TargetHelper {

    private static final String TARGETS = "/sys/kernel/config/target/iscsi";

    private final CommandExecutor node;

    LioTargetHelper(CommandExecutor node) {
        this.node = node;
    }

    @Override
    public int lun() {
        return 0;
    }

    @Override
    public synchronized void export(String name, String iqn, String device, Chap chap) throws DriverException {
        if (targets().contains(iqn)) {
            return;
        }
        // A backstore left by an export that failed half-way would refuse its own name.
        targetcli("/backstores/block delete " + name, true);
        StringBuilder commands = new StringBuilder()
                .append("/backstores/block create name=").append(name).append(" dev=").append(device).append('\n')
                .append("/iscsi create ").append(iqn).append('\n')
                .append("/iscsi/").append(iqn).append("/tpg1/luns create /backstores/block/").append(name).append('\n')
                .append("/iscsi/").append(iqn).append("/tpg1 set attribute generate_node_acls=1 cache_dynamic_acls=1 "
                        + "demo_mode_write_protect=0 authentication=").append(chap == null ? 0 : 1).append('\n');
        if (chap != null) {
            commands.append("/iscsi/").append(iqn).append("/tpg1 set auth userid=").append(chap.username())
                    .append(" password=").append(chap.password()).append('\n');
        }
        commands.append("saveconfig\n");
        CommandResult made = targetcli(commands.toString(), false);
        if (!targets().contains(iqn)) {
            throw new DriverException("LIO on " + node.node() + " does not serve " + iqn + " after targetcli: "
                    + (made.stdout() + made.stderr()).strip());
        }
    }

    @Override
    public synchronized void remove(String name, String iqn) throws DriverException {
        CommandResult removed = targetcli("/iscsi delete " + iqn + "\n/backstores/block delete " + name + "\nsaveconfig\n",
                true);
        if (targets().contains(iqn)) {
            throw new DriverException("LIO on " + node.node() + " still serves " + iqn + " after targetcli: "
                    + (removed.stdout() + removed.stderr()).strip());
        }
    }

    @Override
    public boolean ready() {
        // LIO is the kernel's: there is no daemon to wait for, and targetcli loads its modules itself.
        return true;
    }

    @Override
    public Set<String> targets() throws DriverException {
        // LIO's configfs tree, which names every target; absent until LIO's modules are loaded.
        CommandResult listed = node.run(List.of("sh", "-c", "[ ! -d " + TARGETS + " ] || ls -1 " + TARGETS), null,
                node.defaultTimeout()).orFail(node.node());
        Set<String> targets = new LinkedHashSet<>();
        listed.stdout().lines().map(String::strip).filter(line -> line.startsWith("iqn.")).forEach(targets::add);
        return targets;
    }

    /** Runs targetcli with commands on its standard input; a failure is returned when tolerated, else raised. */
    private CommandResult targetcli(String commands, boolean tolerateFailure) throws DriverException {
        CommandResult result = node.run(List.of("targetcli"), commands.getBytes(StandardCharsets.UTF_8), node.defaultTimeout());
        return tolerateFailure ? result : result.orFail(node.node());
    }
}
