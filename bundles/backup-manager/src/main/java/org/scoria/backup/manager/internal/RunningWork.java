package org.scoria.backup.manager.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.scoria.persistence.Backup;
import org.scoria.persistence.BackupStatus;
import org.scoria.persistence.BackupStore;

/**
 * The backups this manager is making or restoring, so that an administrator's force delete stops
 * them: each progress report of such work checks that its backup is still in the status the work
 * began in, and stops the copy when it is not; the delete waits here for the work to end before it
 * removes the backup's objects, so that no chunk is written after them and nothing is let go while
 * it is still read.
 */
final class RunningWork {

    /** Thrown into a copy whose backup was force-deleted while it ran: the copy stops. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String backupId) {
            super("backup " + backupId + " was force-deleted", null, false, false);
        }
    }

    /** One backup's work, from its start until it is closed. */
    final class Work implements AutoCloseable {
        private final String backupId;
        private final BackupStatus status;
        private final CountDownLatch ended = new CountDownLatch(1);

        private Work(String backupId, BackupStatus status) {
            this.backupId = backupId;
            this.status = status;
        }

        /** Records the progress, and stops the copy once the backup left the work's status. */
        Progress.Listener progress() {
            return (percent, bytesPerSecond) -> {
                backups.progress(backupId, percent, bytesPerSecond);
                if (backups.find(backupId).map(Backup::status).orElse(BackupStatus.DELETED) != status) {
                    throw new Stopped(backupId);
                }
            };
        }

        @Override
        public void close() {
            running.remove(backupId, this);
            ended.countDown();
        }
    }

    private final BackupStore backups;
    private final Map<String, Work> running = new ConcurrentHashMap<>();

    RunningWork(BackupStore backups) {
        this.backups = backups;
    }

    /** Work on the backup, which is in {@code status} while the work runs. */
    Work begin(String backupId, BackupStatus status) {
        Work work = new Work(backupId, status);
        running.put(backupId, work);
        return work;
    }

    /**
     * Waits for this manager's work on the backup to end, which a force delete makes it do within
     * a progress report's interval and the chunks in flight.
     *
     * @return false when it still runs after {@code seconds}
     */
    boolean awaitEnd(String backupId, int seconds) throws InterruptedException {
        Work work = running.get(backupId);
        return work == null || work.ended.await(seconds, TimeUnit.SECONDS);
    }

    /** Whether the backup was force-deleted: being deleted, or gone. */
    boolean deleted(String backupId) {
        BackupStatus now = backups.find(backupId).map(Backup::status).orElse(BackupStatus.DELETED);
        return now == BackupStatus.DELETING || now == BackupStatus.DELETED;
    }
}
