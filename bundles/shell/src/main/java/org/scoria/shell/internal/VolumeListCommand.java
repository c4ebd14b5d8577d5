package org.scoria.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.Volume;
import org.scoria.volume.api.VolumeService;

@Command(scope = "scoria", name = "volume-list", description = "Lists volumes of every project, or of one.")
@Service
public class VolumeListCommand implements Action {

    @Option(name = "-p", aliases = "--project", description = "Only this project's volumes")
    private String project;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private VolumeService volumes;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Status");
        table.column("Size (GiB)").alignRight();
        table.column("Project");
        table.column("Host");
        table.column("Zone");
        for (Volume volume : volumes.query(Operator.context(), VolumeIdCompleter.every(project), true)) {
            table.addRow().addContent(volume.id(), text(volume.name()), volume.status().wireName(), volume.sizeGb(),
                    volume.projectId(), text(volume.host()), text(volume.availabilityZone()));
        }
        table.print(System.out, !noFormat);
        return null;
    }

    static String text(String value) {
        return value == null ? "" : value;
    }
}
