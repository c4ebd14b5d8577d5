package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.volume.api.AttachmentService;

/** Completes the ids of live attachments, of every project. */
@Service
public class AttachmentIdCompleter implements Completer {

    @Reference
    private AttachmentService attachments;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Attachment attachment : attachments.query(Operator.context(), every(null, null, null), true)) {
            ids.getStrings().add(attachment.id());
        }
        return ids.complete(session, commandLine, candidates);
    }

    /** Every live attachment of a project or of all ({@code null}), of a volume or of any, in a status or in any. */
    static AttachmentQuery every(String project, String volume, AttachStatus status) {
        return new AttachmentQuery(project, volume, status, null, null, 0, Integer.MAX_VALUE);
    }
}
