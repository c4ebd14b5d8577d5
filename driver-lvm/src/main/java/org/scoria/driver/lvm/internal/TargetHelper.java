package org.scoria.driver.lvm.internal;

import java.util.Set;

import org.scoria.spi.volume.DriverException;

/**
 * An iSCSI target implementation on the storage node (Cinder's {@code target_helper}): one
 * target per volume, its device at {@link #lun()}. Its configuration is persisted on the node so
 * that the node's own target service restores it at boot.
 */
interface TargetHelper {

    /** The LUN a volume's data is at: tgt keeps LUN 0 for its controller, LIO starts at 0. */
    int lun();

    /** Makes or keeps the target; exporting a volume already exported the same way changes nothing. */
    void export(String name, String iqn, String device, Chap chap) throws DriverException;

    /** Removes the target and its persisted configuration; removing one that is gone succeeds. */
    void remove(String name, String iqn) throws DriverException;

    /** Whether the node's target service has started and takes logins. */
    boolean ready() throws DriverException;

    /** The IQNs of the targets the node serves now. */
    Set<String> targets() throws DriverException;
}
