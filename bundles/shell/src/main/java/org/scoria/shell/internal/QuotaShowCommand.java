package org.scoria.shell.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.scoria.volume.api.QuotaService;

@Command(scope = "scoria", name = "quota-show", description = "Shows a project's quota limits and what it uses.")
@Service
public class QuotaShowCommand implements Action {

    @Argument(index = 0, name = "project", required = true, description = "The project")
    private String project;

    @Option(name = "--no-format", description = "Plain output for scripts")
    private boolean noFormat;

    @Reference
    private QuotaService quotas;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Resource");
        table.column("In use").alignRight();
        table.column("Limit").alignRight();
        for (Map.Entry<String, QuotaService.Usage> resource : quotas.usage(Operator.in(project), project)
                .entrySet()) {
            long limit = resource.getValue().limit();
            table.addRow().addContent(resource.getKey(), resource.getValue().inUse(), limit < 0 ? "unlimited" : limit);
        }
        table.print(System.out, !noFormat);
        return null;
    }
}
