package org.scoria.messaging.command;

import org.scoria.messaging.Command;

/**
 * The image a create writes into its volume (or an upload writes a volume into), and the
 * caller's token to reach it with (Glance applies the caller's rights, as for Cinder). The token
 * travels with the command and its journal entry until the work is done; it is never logged.
 *
 * @param authToken the caller's Keystone token, or {@code null} where Scoria runs without Keystone
 * @since 1.0
 */
public record ImageSource(String imageId, String authToken) {

    @Override
    public String toString() {
        return "ImageSource[imageId=" + imageId + "]";
    }

    /** The image a command's arguments name, or {@code null} for none. */
    static ImageSource read(WireArguments arguments) {
        String imageId = arguments.optional(Command.IMAGE_ID);
        return imageId == null ? null : new ImageSource(imageId, arguments.optional(Command.AUTH_TOKEN));
    }

    /** {@code arguments} with the image's, when there is one. */
    static WireArguments write(ImageSource image, WireArguments arguments) {
        return image == null ? arguments
                : arguments.put(Command.IMAGE_ID, image.imageId()).put(Command.AUTH_TOKEN, image.authToken());
    }
}
