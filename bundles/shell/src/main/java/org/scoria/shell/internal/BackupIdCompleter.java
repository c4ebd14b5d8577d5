package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupQuery;
import org.scoria.persistence.BackupStore;

/** Completes the ids of existing backups, of every project. */
@Service
public class BackupIdCompleter implements Completer {

    @Reference
    private BackupStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Backup backup : store.query(new BackupQuery(null, null, null, null, null, null, null, 0, Integer.MAX_VALUE))) {
            ids.getStrings().add(backup.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}
