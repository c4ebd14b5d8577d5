package org.scoria.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.QuotaService;

@Command(scope = "scoria", name = "quota-set",
        description = "Sets some of a project's quota limits, e.g. volumes=20 gigabytes_gold=500; -1 is no limit.")
@Service
public class QuotaSetCommand implements Action {

    @Argument(index = 0, name = "project", required = true, description = "The project")
    private String project;

    @Argument(index = 1, name = "limits", required = true, multiValued = true,
            description = "resource=limit pairs (Cinder's names: volumes, snapshots, gigabytes, volumes_<type>…)")
    private List<String> limits;

    @Reference
    private QuotaService quotas;

    @Override
    public Object execute() {
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (String pair : limits) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || !parts[1].trim().matches("-?[0-9]{1,18}")) {
                throw new InvalidInputException("'" + pair + "' is not resource=limit with an integer limit.");
            }
            parsed.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
        }
        Map<String, Long> now = quotas.update(Operator.in(project), project, parsed);
        parsed.keySet().forEach(resource -> System.out.println(resource + " = " + now.get(resource)));
        return null;
    }
}
