package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.ImageCacheStore;

/**
 * The backends' image-volume caches: per backend, the images held and the volume (Scoria's own,
 * in no project) that holds each, least recently used first, so the next to be evicted.
 */
@Command(scope = "scoria", name = "image-cache-list", description = "Lists the images the backends' image-volume caches"
        + " hold, least recently used first.")
@Service
public class ImageCacheListCommand implements Action {

    @Option(name = "--backend", description = "Only this backend's cache (host@backend)")
    @Completion(BackendCompleter.class)
    private String backend;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private ImageCacheStore cache;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Backend");
        table.column("Image");
        table.column("Volume");
        table.column("Size (GiB)").alignRight();
        table.column("Status");
        table.column("Last used");
        for (ImageCacheEntry entry : cache.entries(backend)) {
            table.addRow().addContent(entry.backendHost(), entry.imageId(), entry.id(), entry.sizeGb(),
                    entry.status().wireName(), entry.lastUsed());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
