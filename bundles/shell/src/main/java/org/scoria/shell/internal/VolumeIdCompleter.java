package org.scoria.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeQuery;
import org.scoria.volume.api.VolumeService;

/** Completes the ids of existing volumes, of every project. */
@Service
public class VolumeIdCompleter implements Completer {

    @Reference
    private VolumeService volumes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Volume volume : volumes.query(Operator.context(), every(null), true)) {
            ids.getStrings().add(volume.id());
        }
        return ids.complete(session, commandLine, candidates);
    }

    /** Every volume of a project, or of all projects ({@code null}), newest first. */
    static VolumeQuery every(String project) {
        return new VolumeQuery(project, null, null, null, null, null, Map.of(), VolumeQuery.DEFAULT_SORT, null, 0,
                Integer.MAX_VALUE);
    }
}
