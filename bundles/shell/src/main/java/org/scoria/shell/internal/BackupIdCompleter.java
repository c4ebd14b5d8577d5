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
import org.scoria.persistence.BackupStatus;
import org.scoria.volume.api.BackupService;

/** Completes the ids of existing backups, of every project. */
@Service
public class BackupIdCompleter implements Completer {

    @Reference
    private BackupService backups;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Backup backup : backups.query(Operator.context(), every(null, null, null), true)) {
            ids.getStrings().add(backup.id());
        }
        return ids.complete(session, commandLine, candidates);
    }

    /** Every backup of a project or of all ({@code null}), of a volume or of any, in a status or in any. */
    static BackupQuery every(String project, String volume, BackupStatus status) {
        return new BackupQuery(project, volume, null, status, null, null, null, 0, Integer.MAX_VALUE);
    }
}
