package org.scoria.guard;

/**
 * One vendor bundle's guarded calls since the guard started.
 *
 * @param bundle        the bundle's symbolic name
 * @param version       its version
 * @param calls         calls made
 * @param failures      calls that threw
 * @param timeouts      calls that passed their time limit
 * @param running       calls under way now, overdue ones included
 * @param overdue       calls under way past their time limit: threads the vendor holds
 * @param totalMillis   time spent in calls that returned, in milliseconds
 * @param longestMillis the longest call that returned, in milliseconds
 * @since 1.0
 */
public record VendorCallFigures(String bundle, String version, long calls, long failures, long timeouts, long running,
        long overdue, long totalMillis, long longestMillis) {
}
