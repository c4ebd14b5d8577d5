package org.scoria.itests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The openstack CLI as the users of a Keystone of scripts/keystone (the clouds of its clouds.yaml). */
record KeystoneClouds(Path cloudsYaml) {

    KeystoneClouds(ScriptedServer keystone) {
        this(keystone.directory().resolve("clouds.yaml"));
    }

    /** Its output; fails the test when it fails. */
    String openstack(String cloud, String... arguments) throws Exception {
        Run run = run(cloud, arguments);
        if (run.exit() != 0) {
            throw new AssertionError("openstack --os-cloud " + cloud + " " + String.join(" ", arguments) + " failed with "
                    + run.exit() + ": " + run.output());
        }
        return run.output();
    }

    Run run(String cloud, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openstack", "--os-cloud", cloud));
        command.addAll(List.of(arguments));
        return Run.of(Map.of("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString()), command.toArray(new String[0]));
    }

    /** A token Keystone issues to the cloud's user: {@code id}, {@code project_id}, {@code user_id}, {@code expires}. */
    JsonNode token(String cloud) throws Exception {
        return Http.JSON.readTree(openstack(cloud, "token", "issue", "-f", "json"));
    }

    void awaitVolume(String cloud, String id, String status) throws Exception {
        Await.until("volume " + id + " " + status, 60, () -> run(cloud, "volume", "show", id, "-f", "value", "-c", "status")
                .output().trim().equals(status));
    }
}
