package org.scoria.persistence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs racing work on as many threads as there are racers, for the stores' concurrency tests. */
final class Races {

    private Races() {
    }

    /** Every racer's result, in order; a racer's exception fails the test. */
    static <T> List<T> run(List<Callable<T>> racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(racers)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many racers answered {@code true}. */
    static long winners(List<Callable<Boolean>> racers) throws Exception {
        return run(racers).stream().filter(Boolean::booleanValue).count();
    }
}
