package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.persistence.Attachment;
import org.scoria.persistence.AttachmentQuery;
import org.scoria.persistence.AttachmentStore;

/** Completes the ids of live attachments, of every project. */
@Service
public class AttachmentIdCompleter implements Completer {

    @Reference
    private AttachmentStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Attachment attachment : store.query(new AttachmentQuery(null, null, null, null, null, 0, Integer.MAX_VALUE))) {
            ids.getStrings().add(attachment.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}
