package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.VolumeService;

@Command(scope = "scoria", name = "volume-create", description = "Creates a volume, empty or holding a Glance image;"
        + " it becomes available once its backend made it.")
@Service
public class VolumeCreateCommand implements Action {

    @Argument(index = 0, name = "size", description = "Size in GiB", required = true)
    private int size;

    @Option(name = "-n", aliases = "--name", description = "Volume name")
    private String name;

    @Option(name = "-d", aliases = "--description", description = "Volume description")
    private String description;

    @Option(name = "-z", aliases = "--availability-zone", description = "Availability zone (default: any)")
    private String zone;

    @Option(name = "-p", aliases = "--project", description = "Project that owns the volume")
    private String project = "admin";

    @Option(name = "-i", aliases = "--image", description = "Id of the Glance image to write into it, read with"
            + " Scoria's own rights")
    private String image;

    @Reference
    private VolumeService volumes;

    @Override
    public Object execute() {
        Volume volume = volumes.create(Operator.in(project), new CreateVolumeRequest(name, description, size, zone, null,
                null, null, null, null, image));
        System.out.println(volume.id());
        return null;
    }
}
