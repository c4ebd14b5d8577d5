package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStore;

/** Completes the ids of existing volumes, of every project. */
@Service
public class VolumeIdCompleter implements Completer {

    @Reference
    private VolumeStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Volume volume : store.list(null)) {
            ids.getStrings().add(volume.id());
        }
        return ids.complete(session, commandLine, candidates);
    }
}
