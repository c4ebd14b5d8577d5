package org.scoria.volume.manager.internal;

/**
 * The time limits of a backend's worker.
 *
 * @param driverCallMillis   how long one driver operation may take
 * @param statsMillis        how long the driver may take to report its stats before its backend is down
 * @param absenceGraceMillis how long a backend whose driver left is paused before it is down
 * @param leaveWaitMillis    how long a leaving driver's unbind waits for the requests in hand
 */
record BackendTimes(long driverCallMillis, long statsMillis, long absenceGraceMillis, long leaveWaitMillis) {
}
