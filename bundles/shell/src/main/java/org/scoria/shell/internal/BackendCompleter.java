package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.scoria.scheduler.BackendRegistry;
import org.scoria.spi.scheduler.BackendState;

/** Completes the backends ({@code host@backend}) the scheduler knows. */
@Service
public class BackendCompleter implements Completer {

    @Reference
    private BackendRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter backends = new StringsCompleter();
        for (BackendState backend : registry.backends()) {
            backends.getStrings().add(backend.backendHost());
        }
        return backends.complete(session, commandLine, candidates);
    }
}
