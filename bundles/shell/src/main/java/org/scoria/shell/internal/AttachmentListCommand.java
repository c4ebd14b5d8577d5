package org.scoria.shell.internal;

import static org.scoria.shell.internal.VolumeListCommand.text;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.persistence.AttachStatus;
import org.scoria.persistence.Attachment;
import org.scoria.volume.api.AttachmentService;

@Command(scope = "scoria", name = "attachment-list", description = "Lists volume attachments of every project, newest first.")
@Service
public class AttachmentListCommand implements Action {

    @Option(name = "-p", aliases = "--project", description = "Only this project's attachments")
    private String project;

    @Option(name = "-v", aliases = "--volume", description = "Only this volume's attachments")
    @Completion(VolumeIdCompleter.class)
    private String volume;

    @Option(name = "-s", aliases = "--status", description = "Only attachments in this status (reserved, attaching, attached, detaching, error_attaching, error_detaching)")
    private String status;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private AttachmentService attachments;

    @Override
    public Object execute() {
        AttachStatus wanted = status == null ? null : AttachStatus.fromWireName(status);
        if (status != null && wanted == null) {
            throw new IllegalArgumentException("Unknown attachment status " + status);
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Volume");
        table.column("Status");
        table.column("Server");
        table.column("Host");
        table.column("Mode");
        table.column("Project");
        table.column("Since");
        for (Attachment attachment : attachments.query(Operator.context(), AttachmentIdCompleter.every(project, volume,
                wanted), true)) {
            table.addRow().addContent(attachment.id(), attachment.volumeId(), attachment.status().wireName(),
                    text(attachment.instanceUuid()), text(attachment.attachedHost()), text(attachment.attachMode()),
                    attachment.projectId(), attachment.updatedAt());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
