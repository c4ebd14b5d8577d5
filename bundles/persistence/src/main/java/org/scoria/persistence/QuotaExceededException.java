package org.scoria.persistence;

/**
 * A change would take a project over one of its quota limits; nothing was written.
 *
 * @since 2.2
 */
public class QuotaExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String resource;
    private final long limit;
    private final long inUse;
    private final long requested;

    public QuotaExceededException(String resource, long limit, long inUse, long requested) {
        super("Quota " + resource + " exceeded: " + requested + " requested, limit " + limit + ", " + inUse + " in use");
        this.resource = resource;
        this.limit = limit;
        this.inUse = inUse;
        this.requested = requested;
    }

    /** The resource, as {@link QuotaLimits} names it. */
    public String resource() {
        return resource;
    }

    public long limit() {
        return limit;
    }

    public long inUse() {
        return inUse;
    }

    public long requested() {
        return requested;
    }
}
