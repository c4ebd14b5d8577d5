package org.scoria.volume.manager.internal;

import org.scoria.persistence.UserMessageStore;
import org.scoria.persistence.Volume;

/**
 * One of Cinder's user message fields (its {@code message_field} actions and details): a code
 * and a text. A message on a volume is an action and a detail: its event id is
 * {@code VOLUME_VOLUME_<action>_<detail>}, its text {@code <action>:<detail>}.
 */
record MessageField(String code, String text) {

    static final MessageField COPY_VOLUME_TO_IMAGE = new MessageField("003", "copy volume to image");
    static final MessageField COPY_IMAGE_TO_VOLUME = new MessageField("005", "copy image to volume");
    static final MessageField REIMAGE_VOLUME = new MessageField("016", "reimage volume");

    static final MessageField UNKNOWN_ERROR = new MessageField("001", "An unknown error occurred.");
    static final MessageField FAILED_TO_UPLOAD_VOLUME = new MessageField("004",
            "Failed to upload volume to image at backend.");
    static final MessageField NOT_ENOUGH_SPACE_FOR_IMAGE = new MessageField("007",
            "Image used for creating volume exceeds available space.");

    /** Leaves the volume's owner the message of this action with {@code detail}. */
    void tell(UserMessageStore messages, Volume volume, String requestId, MessageField detail) {
        messages.create(volume.projectId(), requestId, "VOLUME", volume.id(), "VOLUME_VOLUME_" + code + "_" + detail.code,
                text + ":" + detail.text);
    }
}
