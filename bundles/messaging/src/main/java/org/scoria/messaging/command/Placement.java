package org.scoria.messaging.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.scoria.messaging.Command;

/**
 * What the scheduler needs to place a new volume, carried from the API to the scheduler, on to
 * the backend and, when the backend's create fails, back to the scheduler.
 *
 * @param triedHosts    the backends ({@code host@backend}) a create already failed on, in order
 * @param requestedZone the zone the create asked for, empty for any; {@code null} until the
 *                      scheduler first saw it (the volume's own zone is asked for then)
 * @param sourceHost    the pool ({@code host@backend#pool}) of the volume or snapshot a copy is
 *                      made from, which places the copy there; {@code null} for an empty volume
 * @param hints         the scheduler hints as the API checked them: {@link #SAME_HOST} and
 *                      {@link #DIFFERENT_HOST} (volume ids, comma-separated), {@link #QUERY} (JSON
 *                      text), and any other hint the caller gave, which no filter reads
 * @since 1.0
 */
public record Placement(List<String> triedHosts, String requestedZone, String sourceHost, Map<String, String> hints) {

    /** The hint naming the volumes a new volume must share a backend with. */
    public static final String SAME_HOST = Command.SAME_HOST;
    /** The hint naming the volumes a new volume must not share a backend with. */
    public static final String DIFFERENT_HOST = Command.DIFFERENT_HOST;
    /** The hint holding Cinder's JSON query a backend must match. */
    public static final String QUERY = Command.QUERY;

    /** Where a volume's first scheduling starts: nothing tried, its own zone. */
    public static final Placement FIRST = new Placement(List.of(), null, null, Map.of());

    private static final Set<String> OWN_ARGUMENTS = Set.of(Command.TRIED_HOSTS, Command.REQUESTED_ZONE,
            Command.SOURCE_HOST, Command.IMAGE_ID, Command.AUTH_TOKEN);

    public Placement {
        triedHosts = List.copyOf(triedHosts);
        hints = Map.copyOf(hints);
    }

    /** A copy of the volume or snapshot on the pool {@code sourceHost}. */
    public static Placement copyOn(String sourceHost) {
        return new Placement(List.of(), null, Objects.requireNonNull(sourceHost, "sourceHost"), Map.of());
    }

    /** A new empty volume with the caller's scheduler hints. */
    public static Placement hinted(Map<String, String> hints) {
        return new Placement(List.of(), null, null, hints);
    }

    /** The same placement after the backend's create failed. */
    public Placement triedOn(String backendHost) {
        List<String> tried = new ArrayList<>(triedHosts);
        tried.add(backendHost);
        return new Placement(tried, requestedZone, sourceHost, hints);
    }

    /** The same placement asking for the zone ({@code null} for any). */
    public Placement inZone(String zone) {
        return new Placement(triedHosts, zone == null ? "" : zone, sourceHost, hints);
    }

    /** The zone asked for once the scheduler saw it: {@code null} for any. */
    public String zoneAsked() {
        return requestedZone == null || requestedZone.isEmpty() ? null : requestedZone;
    }

    /** The ids a hint names, comma-separated on the wire. */
    public List<String> volumesHinted(String hint) {
        String ids = hints.get(hint);
        return ids == null || ids.isBlank() ? List.of() : List.of(ids.split(","));
    }

    static Placement read(WireArguments arguments, Map<String, String> all) {
        Map<String, String> hints = new HashMap<>(all);
        hints.keySet().removeAll(OWN_ARGUMENTS);
        return new Placement(arguments.list(Command.TRIED_HOSTS), arguments.optional(Command.REQUESTED_ZONE),
                arguments.optional(Command.SOURCE_HOST), hints);
    }

    WireArguments write() {
        WireArguments arguments = WireArguments.empty();
        hints.forEach(arguments::put);
        return arguments.putList(Command.TRIED_HOSTS, triedHosts).put(Command.REQUESTED_ZONE, requestedZone)
                .put(Command.SOURCE_HOST, sourceHost);
    }
}
