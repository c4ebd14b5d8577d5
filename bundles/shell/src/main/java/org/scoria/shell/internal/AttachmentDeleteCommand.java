package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Attachment;
import org.scoria.volume.api.AttachmentService;
import org.scoria.volume.api.VolumeApiException;

@Command(scope = "scoria", name = "attachment-delete",
        description = "Deletes attachments: each one's export is ended and its volume is available once none is left.")
@Service
public class AttachmentDeleteCommand implements Action {

    @Argument(index = 0, name = "ids", description = "Attachment ids", required = true, multiValued = true)
    @Completion(AttachmentIdCompleter.class)
    private List<String> ids;

    @Reference
    private AttachmentService attachments;

    @Override
    public Object execute() {
        int failed = 0;
        for (String id : ids) {
            try {
                Attachment attachment = attachments.get(Operator.context(), id);
                int left = attachments.delete(Operator.in(attachment.projectId()), id).size();
                System.out.println("Deleted " + id + " of volume " + attachment.volumeId() + " (" + left
                        + " attachment" + (left == 1 ? "" : "s") + " left)");
            } catch (VolumeApiException e) {
                System.err.println(e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + ids.size() + " attachments could not be deleted");
        }
        return null;
    }
}
