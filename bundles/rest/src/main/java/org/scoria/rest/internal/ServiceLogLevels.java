package org.scoria.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.karaf.log.core.LogService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cinder's service log levels (3.32: {@code os-services/set-log} and {@code get-log}) over
 * Karaf's log service. A Cinder binary names the loggers of the Scoria bundles that do its job;
 * a prefix names loggers within them (e.g. {@code org.scoria.volume.manager}). Levels are this
 * node's: each node of a deployment sets and reports its own. Karaf's log service keeps a level
 * set here in its configuration, so it outlasts a restart, as {@code log:set} does.
 */
final class ServiceLogLevels {

    /** The loggers of each Cinder binary's job, by Java package. */
    static final Map<String, List<String>> LOGGERS = new TreeMap<>(Map.of(
            "cinder-api", List.of("org.scoria.rest", "org.scoria.volume.api"),
            "cinder-scheduler", List.of("org.scoria.scheduler"),
            "cinder-volume", List.of("org.scoria.volume.manager", "org.scoria.driver"),
            "cinder-backup", List.of("org.scoria.backup")));
    private static final Set<String> LEVELS = Set.of("INFO", "WARNING", "ERROR", "DEBUG");

    private final LogService logs;
    private final String node;

    ServiceLogLevels(LogService logs, String node) {
        this.logs = logs;
        this.node = node;
    }

    /** Sets the level of the binaries' loggers, or of those under the prefix. */
    void set(JsonNode body) {
        String level = RequestReader.text(body, "level");
        if (level == null || !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
            throw new ApiFault(400, "Invalid input received: " + (level == null ? "None" : level)
                    + " is not a valid log level.");
        }
        // Python's WARNING is log4j's WARN.
        String karafLevel = level.toUpperCase(Locale.ROOT).equals("WARNING") ? "WARN" : level.toUpperCase(Locale.ROOT);
        String prefix = prefix(body);
        for (String binary : binaries(body)) {
            for (String logger : loggers(binary, prefix)) {
                logs.setLevel(logger, karafLevel);
            }
        }
    }

    /** The levels of the binaries' loggers (those configured, and each binary's own), under the prefix when given. */
    List<Map<String, Object>> get(JsonNode body) {
        String prefix = prefix(body);
        Map<String, String> configured = logs.getLevel("ALL");
        List<Map<String, Object>> result = new ArrayList<>();
        for (String binary : binaries(body)) {
            Map<String, String> levels = new TreeMap<>();
            for (String logger : loggers(binary, prefix)) {
                levels.put(logger, pythonLevel(logs.getLevel(logger).getOrDefault(logger, logs.getLevel())));
                configured.forEach((name, level) -> {
                    if (name.startsWith(logger + ".")) {
                        levels.put(name, pythonLevel(level));
                    }
                });
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", node);
            entry.put("binary", binary);
            entry.put("levels", levels);
            result.add(entry);
        }
        return result;
    }

    /** The binaries asked for: every one for none, {@code *} or an empty name; this node serves them all. */
    private List<String> binaries(JsonNode body) {
        String binary = RequestReader.text(body, "binary");
        boolean every = binary == null || binary.isEmpty() || binary.equals("*");
        if (!every && !LOGGERS.containsKey(binary)) {
            throw RequestReader.invalid("binary", body.get("binary"), "'" + binary + "' is not one of "
                    + LOGGERS.keySet().stream().map(name -> "'" + name + "'").toList());
        }
        // Another node's services are its own to set and report.
        String server = RequestReader.text(body, "server");
        if (server != null && !server.isEmpty() && !server.equals(node) && !server.startsWith(node + "@")) {
            return List.of();
        }
        return every ? List.copyOf(LOGGERS.keySet()) : List.of(binary);
    }

    private static String prefix(JsonNode body) {
        String prefix = RequestReader.text(body, "prefix");
        return prefix == null || prefix.isEmpty() ? null : prefix;
    }

    /** A binary's loggers under the prefix: its packages within the prefix, or the prefix within its packages. */
    private static List<String> loggers(String binary, String prefix) {
        List<String> loggers = new ArrayList<>();
        for (String root : LOGGERS.get(binary)) {
            if (prefix == null || root.startsWith(prefix)) {
                loggers.add(root);
            } else if (prefix.startsWith(root + ".")) {
                loggers.add(prefix);
            }
        }
        return loggers;
    }

    private static String pythonLevel(String level) {
        return "WARN".equals(level) ? "WARNING" : level;
    }
}
