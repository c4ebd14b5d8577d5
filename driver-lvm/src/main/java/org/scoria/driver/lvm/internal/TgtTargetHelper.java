package org.scoria.driver.lvm.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.scoria.spi.volume.DriverException;

/**
 * Targets served by tgt (Linux SCSI target framework, user space), the way Cinder's TgtAdm makes
 * them: a file per target in tgt's configuration directory, which {@code tgt.service} reads at
 * boot, applied with {@code tgt-admin --update}. The node's tgt is left to number the targets;
 * commands are serialised because two updates at once could take the same target id.
 */
final class TgtTargetHelper implements TargetHelper {

    private final CommandExecutor node;
    private final String configDirectory;

    TgtTargetHelper(CommandExecutor node, String configDirectory) {
        this.node = node;
        this.configDirectory = configDirectory;
    }

    @Override
    public int lun() {
        return 1;
    }

    @Override
    public synchronized void export(String name, String iqn, String device, Chap chap) throws DriverException {
        StringBuilder config = new StringBuilder()
                .append("# Made by Scoria's LVM driver for ").append(name).append("; tgt restores it at boot.\n")
                .append("<target ").append(iqn).append(">\n")
                .append("    backing-store ").append(device).append('\n')
                .append("    driver iscsi\n");
        if (chap != null) {
            config.append("    incominguser ").append(chap.username()).append(' ').append(chap.password()).append('\n');
        }
        config.append("    write-cache on\n</target>\n");
        // Written whole and then moved, so tgt never reads half a file; readable by root only (the secret).
        node.run(List.of("sh", "-c", "umask 077 && cat > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"", "scoria-write",
                file(name)), config.toString().getBytes(StandardCharsets.UTF_8), node.defaultTimeout()).orFail(node.node());
        CommandResult update = node.check("tgt-admin", "--update", iqn);
        // tgt-admin says 0 also when tgtd refused the target: look.
        if (!targets().contains(iqn)) {
            throw new DriverException("tgt on " + node.node() + " does not serve " + iqn + " after 'tgt-admin --update "
                    + iqn + "': " + (update.stdout() + update.stderr()).strip());
        }
    }

    @Override
    public synchronized void remove(String name, String iqn) throws DriverException {
        CommandResult delete = node.run(List.of("tgt-admin", "--force", "--delete", iqn), null, node.defaultTimeout());
        node.check("rm", "-f", file(name));
        if (targets().contains(iqn)) {
            throw delete.succeeded() ? new DriverException("tgt on " + node.node() + " still serves " + iqn
                    + " after 'tgt-admin --force --delete " + iqn + "'") : delete.failure(node.node());
        }
    }

    @Override
    public boolean ready() throws DriverException {
        // tgt.service keeps tgtd offline while it loads the configuration files at boot.
        CommandResult system = node.run(List.of("tgtadm", "--lld", "iscsi", "--op", "show", "--mode", "sys"), null,
                node.defaultTimeout());
        return system.succeeded() && system.stdout().contains("State: ready");
    }

    @Override
    public Set<String> targets() throws DriverException {
        Set<String> targets = new LinkedHashSet<>();
        // "Target 1: iqn.2010-10.org.openstack:volume-..." heads each target's block.
        for (String line : node.check("tgtadm", "--lld", "iscsi", "--op", "show", "--mode", "target").stdout().split("\n")) {
            if (line.startsWith("Target ") && line.contains(": ")) {
                targets.add(line.substring(line.indexOf(": ") + 2).strip());
            }
        }
        return targets;
    }

    private String file(String name) {
        return configDirectory + "/" + name + ".conf";
    }
}
