package org.scoria.shell.internal;

import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Drains a backend before maintenance (e.g. removing its driver): no new volumes are placed on
 * it, and the command waits until the requests it is working on have finished.
 */
@Command(scope = "scoria", name = "backend-drain",
        description = "Stops placing new volumes on a backend and waits until the requests in flight on it have finished.")
@Service
public class BackendDrainCommand extends BackendCommand {

    @Option(name = "-t", aliases = "--timeout", description = "Seconds to wait for the requests in flight (0: do not wait)")
    private int timeoutSeconds = 600;

    @Override
    public Object execute() throws InterruptedException {
        setEnabled(false, "draining: no new volumes; requests in flight finish");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long reported = -1;
        while (true) {
            long inFlight = services.requestsInFlight(Operator.context(), backend);
            if (inFlight == 0) {
                System.out.println("Backend " + backend + " is drained: disabled, no request in flight."
                        + " scoria:backend-enable " + backend + " takes it back.");
                return null;
            }
            if (System.nanoTime() >= deadline) {
                System.out.println("Backend " + backend + " is disabled; " + inFlight + " request"
                        + (inFlight == 1 ? " is" : "s are") + " still in flight after " + timeoutSeconds + " s.");
                return null;
            }
            if (inFlight != reported) {
                System.out.println(inFlight + " request" + (inFlight == 1 ? "" : "s") + " in flight on " + backend + "…");
                reported = inFlight;
            }
            Thread.sleep(500);
        }
    }
}
