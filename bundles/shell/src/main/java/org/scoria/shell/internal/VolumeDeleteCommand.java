package org.scoria.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.VolumeApiException;
import org.scoria.volume.api.VolumeService;

@Command(scope = "scoria", name = "volume-delete", description = "Deletes volumes; each goes to deleting and disappears once its backend removed it.")
@Service
public class VolumeDeleteCommand implements Action {

    @Argument(index = 0, name = "ids", description = "Volume ids", required = true, multiValued = true)
    @Completion(VolumeIdCompleter.class)
    private List<String> ids;

    @Reference
    private VolumeService volumes;

    @Override
    public Object execute() {
        int failed = 0;
        for (String id : ids) {
            try {
                Volume volume = volumes.get(Operator.context(), id);
                volumes.delete(Operator.in(volume.projectId()), id, false);
                System.out.println("Deleting " + id);
            } catch (VolumeApiException e) {
                System.err.println(e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + ids.size() + " volumes could not be deleted");
        }
        return null;
    }
}
