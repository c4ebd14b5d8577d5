package org.scoria.driver.rbd.internal;

import java.util.ArrayList;
import java.util.List;

import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's connections to its cluster: opened when first needed, up to a fixed number, and
 * shared by the calls in turn (librados handles are thread-safe), so that a long call such as a
 * flatten never keeps the others waiting. A connection on which the cluster stopped answering is
 * retired, so the next call connects afresh; a retired connection, and every connection once the
 * driver stops, is shut down when its last call ends.
 */
final class RadosConnectionPool implements AutoCloseable {

    /** What a call does with a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(RadosConnection connection) throws DriverException;
    }

    /** A connection and the calls using it; guarded by the pool. */
    private static final class Lease {
        final RadosConnection connection;
        int users;
        boolean retired;

        Lease(RadosConnection connection) {
            this.connection = connection;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RadosConnectionPool.class);

    private final LibRados rados;
    private final ClusterSettings settings;
    private final int size;
    private final List<Lease> leases = new ArrayList<>();
    private int next;
    private boolean closed;

    RadosConnectionPool(LibRados rados, ClusterSettings settings, int size) {
        this.rados = rados;
        this.settings = settings;
        this.size = size;
    }

    <T> T call(Work<T> work) throws DriverException {
        Lease lease = acquire();
        boolean lost = false;
        try {
            return work.apply(lease.connection);
        } catch (CephException e) {
            lost = e.isConnectionLost();
            throw e;
        } finally {
            release(lease, lost);
        }
    }

    private Lease acquire() throws DriverException {
        synchronized (this) {
            requireOpen();
            if (leases.size() >= size) {
                return use(leases.get(next++ % leases.size()));
            }
        }
        // Outside the lock: connecting may take the whole connect timeout.
        RadosConnection opened = RadosConnection.open(rados, settings);
        synchronized (this) {
            if (closed || leases.size() >= size) {
                opened.close();
                requireOpen();
                return use(leases.get(next++ % leases.size()));
            }
            Lease lease = new Lease(opened);
            leases.add(lease);
            LOG.debug("Connected to pool {} as client.{} ({} of {})", settings.pool(), settings.user(), leases.size(), size);
            return use(lease);
        }
    }

    private void requireOpen() throws DriverException {
        if (closed) {
            throw new DriverException("the driver of pool " + settings.pool() + " is stopping");
        }
    }

    private static Lease use(Lease lease) {
        lease.users++;
        return lease;
    }

    private void release(Lease lease, boolean lost) {
        boolean shutDown;
        synchronized (this) {
            lease.users--;
            if (lost && !lease.retired) {
                lease.retired = true;
                leases.remove(lease);
                LOG.warn("Retired a connection to pool {}: the cluster stopped answering on it", settings.pool());
            }
            shutDown = lease.retired && lease.users == 0;
        }
        if (shutDown) {
            lease.connection.close();
        }
    }

    /** Shuts down the idle connections now and the others when their last call ends. */
    @Override
    public void close() {
        List<Lease> idle = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Lease lease : leases) {
                lease.retired = true;
                if (lease.users == 0) {
                    idle.add(lease);
                }
            }
            leases.clear();
        }
        idle.forEach(lease -> lease.connection.close());
    }
}
