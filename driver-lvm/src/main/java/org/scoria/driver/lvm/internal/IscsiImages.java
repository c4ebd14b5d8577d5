package org.scoria.driver.lvm.internal;

import java.nio.file.Path;
import java.util.Map;

import org.scoria.spi.qemu.QemuImg;
import org.scoria.spi.volume.ConnectionInfo;
import org.scoria.spi.volume.DriverException;

/**
 * Disk images written onto volumes by this host's qemu-img, through its
 * libiscsi client (Debian's qemu-block-extra) and the volume's export: no iSCSI initiator of the
 * kernel, no block device on this host. The volume is exported to {@link #TRANSFER} for as long as
 * the transfer takes. A failure's message never carries the volume's CHAP secret.
 */
final class IscsiImages {

    /** The connector the driver exports a volume to while it transfers an image. */
    static final Map<String, Object> TRANSFER = Map.of("initiator", "iqn.2010-10.org.scoria:image-transfer",
            "host", "scoria-image-transfer");

    private final QemuImg qemuImg;

    IscsiImages(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /** Writes the image onto the exported volume. */
    void write(ConnectionInfo export, Path image, String format, QemuImg.Fill fill) throws DriverException {
        masked(export, () -> qemuImg.writeImage(image.toString(), format, url(export), QemuImg.RAW, fill));
    }

    /** libiscsi's URL of the export's first portal, with its CHAP credentials when it has them. */
    static String url(ConnectionInfo export) {
        Map<String, Object> data = export.data();
        Object user = data.get("auth_username");
        return "iscsi://" + (user == null ? "" : user + "%" + data.get("auth_password") + "@") + data.get("target_portal")
                + "/" + data.get("target_iqn") + "/" + data.get("target_lun");
    }

    @FunctionalInterface
    private interface Transfer {
        void run() throws DriverException;
    }

    private static void masked(ConnectionInfo export, Transfer transfer) throws DriverException {
        try {
            transfer.run();
        } catch (DriverException e) {
            Object secret = export.data().get("auth_password");
            String message = secret == null ? e.getMessage() : e.getMessage().replace(secret.toString(), "***");
            throw new DriverException(message);
        }
    }
}
