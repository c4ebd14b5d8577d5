package org.scoria.guard;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls vendor code so that a vendor that hangs or throws cannot hang or break the caller: the
 * call runs on a guard thread and the caller waits at most its time limit. A call that passes its
 * limit is interrupted and counted as overdue until it returns; the caller has long moved on.
 *
 * @since 1.0
 */
@ProviderType
public interface VendorGuard {

    /**
     * Runs {@code call} and returns its result.
     *
     * @param vendor  the vendor's object (a driver, store, filter…): its bundle is who is named
     * @param what    what the call does, as a phrase after "did not" / "failed to", e.g.
     *                {@code "create volume 6f1…"}
     * @param timeout how long the caller waits
     * @throws VendorCallException when the call throws (its cause is what the vendor threw), passes
     *                             its limit, or the caller is interrupted while waiting
     */
    <T> T call(Object vendor, String what, Duration timeout, Callable<T> call) throws VendorCallException;

    /**
     * Runs {@code call} and returns its result; any failure comes back as the caller's own
     * exception type, the one the vendor's interface declares.
     *
     * @param declared what the vendor may throw: thrown as it is
     * @param wrap     makes the caller's exception from the guard's message and the cause (what the
     *                 vendor threw, or the guard's exception when the call timed out)
     */
    default <T, E extends Exception> T call(Object vendor, String what, Duration timeout, Callable<T> call,
            Class<E> declared, BiFunction<String, Throwable, E> wrap) throws E {
        try {
            return call(vendor, what, timeout, call);
        } catch (VendorCallException e) {
            if (declared.isInstance(e.getCause())) {
                throw declared.cast(e.getCause());
            }
            throw wrap.apply(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    /** What each vendor bundle's calls have done since the guard started, by bundle name. */
    List<VendorCallFigures> figures();
}
