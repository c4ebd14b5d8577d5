package org.scoria.messaging;

/**
 * The names of Scoria's queues and topics.
 *
 * @since 1.0
 */
public final class Destinations {

    /** The scheduler's queue: volumes waiting for a backend. */
    public static final String SCHEDULER = "scoria.scheduler";

    /** Backend reports, from the volume managers to the schedulers. */
    public static final String BACKEND_REPORTS = "scoria.backend.reports";

    /** A scheduler that starts asks every volume manager to report at once. */
    public static final String REPORT_REQUESTS = "scoria.backend.report-requests";

    /** Every scheduler's heartbeat, to every other: {@link SchedulerReport}. @since 1.8 */
    public static final String SCHEDULER_REPORTS = "scoria.scheduler.reports";

    /** The backup managers' queue: backups to create, restore and delete. @since 1.6 */
    public static final String BACKUP = "scoria.backup";

    private Destinations() {
    }

    /**
     * The queue of the synchronous calls (exports) to the volume manager serving a backend:
     * apart from its commands, so that a call never waits behind a long create.
     *
     * @since 1.5
     */
    public static String volumeManagerCalls(String backendHost) {
        return volumeManager(backendHost) + ".calls";
    }

    /** The queue of the volume manager serving a backend, from Cinder's {@code host@backend}. */
    public static String volumeManager(String backendHost) {
        return "scoria.volume." + backendHost.replace('@', '.');
    }
}
