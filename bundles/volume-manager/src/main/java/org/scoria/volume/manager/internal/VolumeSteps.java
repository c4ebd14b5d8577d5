package org.scoria.volume.manager.internal;

import static org.scoria.volume.manager.internal.DriverCaller.snapshotSpec;
import static org.scoria.volume.manager.internal.DriverCaller.spec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.scoria.fault.FaultPoints;
import org.scoria.image.Image;
import org.scoria.messaging.Command;
import org.scoria.messaging.CommandJournal;
import org.scoria.messaging.Destinations;
import org.scoria.messaging.Outbox;
import org.scoria.messaging.command.CommandHandlers;
import org.scoria.messaging.command.CopyVolumeToImage;
import org.scoria.messaging.command.CreateSnapshot;
import org.scoria.messaging.command.CreateVolume;
import org.scoria.messaging.command.DeleteSnapshot;
import org.scoria.messaging.command.DeleteVolume;
import org.scoria.messaging.command.ImageSource;
import org.scoria.messaging.command.ExtendVolume;
import org.scoria.messaging.command.ReimageVolume;
import org.scoria.messaging.command.RevertToSnapshot;
import org.scoria.messaging.command.VolumeCommand;
import org.scoria.persistence.ImageCacheEntry;
import org.scoria.persistence.Snapshot;
import org.scoria.persistence.SnapshotStatus;
import org.scoria.persistence.SnapshotStore;
import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeChange;
import org.scoria.persistence.VolumeStatus;
import org.scoria.persistence.VolumeStore;
import org.scoria.spi.volume.DriverException;
import org.scoria.spi.volume.ImageSpec;
import org.scoria.spi.volume.ResourceBusyException;
import org.scoria.spi.volume.SnapshotSpec;
import org.scoria.spi.volume.VolumeDriver;
import org.scoria.spi.volume.VolumeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps a backend's commands take on its volumes and snapshots. Each runs only while its
 * resource is in the status the command expects, calls the driver, and ends the resource in its
 * next status or, with a reason naming the driver, in a failed one (or back to the scheduler).
 */
final class VolumeSteps {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeSteps.class);

    private final String backendHost;
    private final VolumeStore store;
    private final SnapshotStore snapshots;
    private final CommandJournal journal;
    private final DriverCaller caller;
    private final long callTimeoutMillis;
    private final Runnable capacityChanged;
    private final Predicate<DriverBinding> serving;
    private final ImageTransfers images;
    private final CommandHandlers<VolumeCommand, Dispatch, Void> handlers = CommandHandlers
            .<VolumeCommand, Dispatch, Void>of(VolumeCommand.class, VolumeCommand::read)
            .on(CreateVolume.class, this::create)
            .on(DeleteVolume.class, this::delete)
            .on(ExtendVolume.class, this::extend)
            .on(RevertToSnapshot.class, this::revert)
            .on(CreateSnapshot.class, this::createSnapshot)
            .on(DeleteSnapshot.class, this::deleteSnapshot)
            .on(CopyVolumeToImage.class, this::copyToImage)
            .on(ReimageVolume.class, this::reimage)
            .complete();

    /**
     * @param serving whether a driver still serves the backend: a step whose driver left while it
     *                ran is not failed, but handed back to the broker for the next driver
     */
    VolumeSteps(String backendHost, VolumeStore store, SnapshotStore snapshots, CommandJournal journal,
            DriverCaller caller, long callTimeoutMillis, Runnable capacityChanged, Predicate<DriverBinding> serving,
            ImageTransfers images) {
        this.backendHost = backendHost;
        this.images = images;
        this.serving = serving;
        this.store = store;
        this.snapshots = snapshots;
        this.journal = journal;
        this.caller = caller;
        this.callTimeoutMillis = callTimeoutMillis;
        this.capacityChanged = capacityChanged;
    }

    /** Carries out a command with the backend's driver now. */
    void dispatch(DriverBinding current, Command command, Outbox outbox) throws Exception {
        handlers.handle(command, new Dispatch(current, outbox));
    }

    /** What a command is carried out with: the backend's driver now, and the outbox of its message. */
    private record Dispatch(DriverBinding current, Outbox outbox) {
        VolumeDriver driver() {
            return current.driver();
        }
    }

    private void create(CreateVolume command, Dispatch at) {
        if (command.image() != null) {
            createFromImage(command, at);
            return;
        }
        step(at.current(), command, VolumeStatus.CREATING, VolumeStatus.AVAILABLE, "create the volume",
                volume -> VolumeChange.providerLocation(createVolume(at.driver(), volume)),
                (volume, failure) -> rescheduleOrFail(volume, command, at.outbox(), failure));
    }

    /**
     * A volume from an image. A driver whose storage holds the image makes the volume from it
     * without a copy (a clone), and so does the backend's image-volume cache when it holds the
     * image. Otherwise the image is staged ({@code downloading}) and written into a new cache entry
     * the volume is then cloned from, or, with no cache or while another create fills the entry,
     * onto the volume itself. An image that cannot be read or written ends the volume in error, as
     * Cinder's image copy failures do: another backend would not do better. A create redelivered
     * while {@code downloading} (a crash) deletes what the interrupted one left and writes the image
     * again, since which way it went is not recorded.
     */
    private void createFromImage(CreateVolume command, Dispatch at) {
        Optional<Image> image = images.downloads().describe(command.image(), command.requestId());
        Optional<Volume> interrupted = store.find(command.resourceId())
                .filter(volume -> volume.status() == VolumeStatus.DOWNLOADING && backendHost.equals(volume.backendHost()));
        if (interrupted.isPresent()) {
            Volume volume = interrupted.get();
            drive(at.current(), command, subject(volume), "make the volume again from image "
                    + command.image().imageId() + " after an interruption", () -> {
                        at.driver().deleteVolume(spec(volume));
                        return Optional.ofNullable(madeWithoutWriting(at, volume, image));
                    }, made -> {
                        if (made.isPresent()) {
                            imageWritten(command, made.get(), image.get());
                        } else {
                            writeNewVolume(command, at, false);
                        }
                    }, failure -> imageFailed(volume, command, MessageField.COPY_IMAGE_TO_VOLUME, failure.reason(),
                            MessageField.UNKNOWN_ERROR));
            return;
        }
        boolean cached = images.cache().enabled();
        AtomicReference<Made> made = new AtomicReference<>();
        step(at.current(), command, VolumeStatus.CREATING, VolumeStatus.DOWNLOADING, "create the volume", volume -> {
            made.set(madeWithoutWriting(at, volume, image));
            if (made.get() != null) {
                return made.get().change();
            }
            // With a cache, the volume is made once the image is in the cache, from its entry.
            return cached ? VolumeChange.NONE : VolumeChange.providerLocation(at.driver().createVolume(spec(volume)));
        }, (volume, failure) -> rescheduleOrFail(volume, command, at.outbox(), failure));
        if (made.get() != null) {
            FaultPoints.reach("manager.create_volume.image-cloned");
            imageWritten(command, new Made(VolumeChange.NONE, made.get().how()), image.get());
            return;
        }
        writeNewVolume(command, at, !cached);
    }

    /** A volume made from an image in one driver call, and how, for the log. */
    private record Made(VolumeChange change, String how) {
    }

    /**
     * Makes the volume from the image without writing it, when the driver's storage holds the image
     * or the backend's cache does; null when the image is to be written.
     */
    private Made madeWithoutWriting(Dispatch at, Volume volume, Optional<Image> image) throws DriverException {
        if (image.isEmpty()) {
            return null;
        }
        if (at.driver().cloneImage(spec(volume), imageSpec(image.get()))) {
            return new Made(VolumeChange.NONE, "without copying it");
        }
        Optional<VolumeSpec> cached = images.cache().hit(backendHost, image.get().id(), volume.sizeGb());
        if (cached.isPresent()) {
            return new Made(VolumeChange.providerLocation(at.driver().cloneCachedImage(spec(volume), cached.get())),
                    "from its image-volume cache entry " + cached.get().id());
        }
        return null;
    }

    private void imageWritten(CreateVolume command, Made made, Image image) {
        if (store.imageWritten(command.resourceId(), made.change(), ImageStaging.recorded(image))) {
            LOG.info("[{}] Volume {} made from image {} by backend {} {}", command.requestId(), command.resourceId(),
                    image.id(), backendHost, made.how());
        }
    }

    /**
     * Stages the image for a new {@code downloading} volume and writes it into a new cache entry of
     * the backend, which the volume is then cloned from, or, with no cache or while another create
     * fills the entry, onto the volume. The volume exists already when {@code created}.
     */
    private void writeNewVolume(CreateVolume command, Dispatch at, boolean created) {
        Volume volume = downloading(command);
        if (volume == null) {
            return;
        }
        ImageSource image = command.image();
        ImageVolumeCache cache = images.cache();
        try (ImageStaging.Staged staged = images.downloads().stage(volume, image, command.requestId())) {
            FaultPoints.reach("manager.create_volume.image-staged");
            Optional<ImageCacheEntry> entry = created || !cache.enabled() ? Optional.empty()
                    : cache.claim(backendHost, image.imageId(), staged.virtualGb(), volume.id());
            if (entry.isPresent()) {
                fillCacheAndClone(command, at, volume, staged, entry.get());
                return;
            }
            drive(at.current(), command, subject(volume), "write image " + image.imageId() + " onto the volume", () -> {
                String location = created ? volume.providerLocation() : at.driver().createVolume(spec(volume));
                at.driver().copyImageToVolume(spec(volume), staged.file(), staged.format());
                return VolumeChange.providerLocation(location);
            }, change -> store.imageWritten(volume.id(), change, staged.metadata()), failure -> imageFailed(volume,
                    command, MessageField.COPY_IMAGE_TO_VOLUME, failure.reason(), MessageField.UNKNOWN_ERROR));
        } catch (ImageStaging.ImageFailure e) {
            LOG.error("[{}] Volume {} is in error: {}", command.requestId(), volume.id(), e.getMessage());
            imageFailed(volume, command, MessageField.COPY_IMAGE_TO_VOLUME, e.getMessage(), e.detail());
        }
    }

    /** Writes the staged image into the cache entry this create claimed, then clones the volume from it. */
    private void fillCacheAndClone(CreateVolume command, Dispatch at, Volume volume, ImageStaging.Staged staged,
            ImageCacheEntry entry) {
        ImageVolumeCache cache = images.cache();
        VolumeSpec cached = ImageVolumeCache.spec(entry);
        ImageVolumeCache.Deleter deleter = gone -> caller.call(at.current(), "delete image-volume cache entry "
                + gone.id(), callTimeoutMillis, () -> {
                    at.driver().deleteVolume(gone);
                    return null;
                });
        Consumer<Failure> failed = failure -> imageFailed(volume, command, MessageField.COPY_IMAGE_TO_VOLUME,
                failure.reason(), MessageField.UNKNOWN_ERROR);
        AtomicBoolean filled = new AtomicBoolean();
        drive(at.current(), command, subject(volume), "write image " + entry.imageId() + " into image-volume cache entry "
                + cached.id(), () -> {
                    at.driver().createVolume(cached);
                    at.driver().copyImageToVolume(cached, staged.file(), staged.format());
                    return Boolean.TRUE;
                }, filled::set, failure -> {
                    cache.failed(entry, volume.id(), deleter);
                    failed.accept(failure);
                });
        if (!filled.get()) {
            return;
        }
        cache.filled(entry);
        FaultPoints.reach("manager.create_volume.cache-filled");
        cloneFromCache(command, at, volume, cached, staged.metadata());
        cache.evict(backendHost, entry.id(), deleter);
    }

    /** The {@code downloading} volume made from a cache entry, recording the image; error if it cannot be. */
    private void cloneFromCache(CreateVolume command, Dispatch at, Volume volume, VolumeSpec cached,
            Map<String, String> metadata) {
        drive(at.current(), command, subject(volume), "clone the volume from image-volume cache entry " + cached.id(),
                () -> VolumeChange.providerLocation(at.driver().cloneCachedImage(spec(volume), cached)),
                change -> store.imageWritten(volume.id(), change, metadata), failure -> imageFailed(volume, command,
                        MessageField.COPY_IMAGE_TO_VOLUME, failure.reason(), MessageField.UNKNOWN_ERROR));
    }

    /** The volume of a command that finds it {@code downloading} on this backend; null when handled already. */
    private Volume downloading(VolumeCommand command) {
        Volume volume = store.find(command.resourceId()).orElse(null);
        if (volume == null || volume.status() != VolumeStatus.DOWNLOADING || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return null;
        }
        return volume;
    }

    private static String subject(Volume volume) {
        return "Volume " + volume.id() + " (" + volume.sizeGb() + " GiB)";
    }

    private static ImageSpec imageSpec(Image image) {
        return new ImageSpec(image.id(), image.diskFormat(), image.sizeBytes() == null ? 0 : image.sizeBytes(),
                image.locations());
    }

    /**
     * A reimage: the image is staged and written over the {@code downloading} volume, which then
     * returns to the status it was in, recording the new image; a failure ends it in error, as in
     * Cinder. A crash meanwhile redelivers it, which writes the image again.
     */
    private void reimage(ReimageVolume command, Dispatch at) {
        VolumeStatus back = VolumeStatus.fromWireName(command.previousStatus());
        Volume volume = downloading(command);
        if (volume == null) {
            return;
        }
        ImageSource image = command.image();
        try (ImageStaging.Staged staged = images.downloads().stage(volume, image, command.requestId())) {
            FaultPoints.reach("manager.reimage_volume.image-staged");
            drive(at.current(), command, subject(volume), "write image " + image.imageId() + " over the volume", () -> {
                at.driver().reimageVolume(spec(volume), staged.file(), staged.format());
                return staged.metadata();
            }, metadata -> store.imageRewritten(volume.id(), metadata, back), failure -> imageFailed(volume, command,
                    MessageField.REIMAGE_VOLUME, failure.reason(), MessageField.UNKNOWN_ERROR));
        } catch (ImageStaging.ImageFailure e) {
            LOG.error("[{}] Volume {} is in error: {}", command.requestId(), volume.id(), e.getMessage());
            imageFailed(volume, command, MessageField.REIMAGE_VOLUME, e.getMessage(), e.detail());
        }
    }

    /** A volume whose image could not be written: in error, and its owner told in Cinder's words. */
    private void imageFailed(Volume volume, VolumeCommand command, MessageField action, String reason,
            MessageField detail) {
        if (store.transition(volume.id(), VolumeStatus.DOWNLOADING, VolumeStatus.ERROR, VolumeChange.reason(reason))) {
            action.tell(images.messages(), volume, command.requestId(), detail);
        }
    }

    /**
     * An upload to an image: the driver writes the volume's data into a staged file in the image's
     * format, which goes to Glance; the volume is back in its status either way. An in-use volume
     * (a forced upload) is read from a copy the driver makes of it first, named for the image and
     * deleted after, as backups of in-use volumes read one. A crash meanwhile redelivers the upload,
     * which starts again unless the image already has its data.
     */
    private void copyToImage(CopyVolumeToImage command, Dispatch at) {
        Volume volume = store.find(command.resourceId()).orElse(null);
        if (volume == null || volume.status() != VolumeStatus.UPLOADING || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return;
        }
        VolumeStatus back = VolumeStatus.fromWireName(command.previousStatus());
        String imageId = command.image().imageId();
        VolumeSpec source = back == VolumeStatus.IN_USE ? new VolumeSpec(imageId, volume.sizeGb(), null) : spec(volume);
        try {
            Optional<ImageUploads.Upload> begun = images.uploads().begin(volume, command);
            if (begun.isEmpty()) {
                uploaded(volume, command, back);
                return;
            }
            try (ImageUploads.Upload upload = begun.get()) {
                AtomicBoolean copied = new AtomicBoolean();
                drive(at.current(), command, subject(volume), "copy the volume into image " + imageId, () -> {
                    if (back == VolumeStatus.IN_USE) {
                        at.driver().cloneVolume(source, spec(volume));
                    }
                    at.driver().copyVolumeToImage(source, upload.file(), upload.qemuFormat());
                    return Boolean.TRUE;
                }, copied::set, failure -> failUpload(volume, command, back, failure.reason()));
                if (copied.get()) {
                    FaultPoints.reach("manager.copy_volume_to_image.staged");
                    images.uploads().send(upload, command);
                    uploaded(volume, command, back);
                }
            }
        } catch (ImageStaging.ImageFailure e) {
            LOG.error("[{}] Volume {} could not be uploaded to image {}: {}", command.requestId(), volume.id(), imageId,
                    e.getMessage());
            failUpload(volume, command, back, e.getMessage());
        } finally {
            if (back == VolumeStatus.IN_USE) {
                deleteCopy(at, command, source);
            }
        }
    }

    /** Deletes the copy an in-use volume's upload read; one that stays is named in the log. */
    private void deleteCopy(Dispatch at, CopyVolumeToImage command, VolumeSpec copy) {
        try {
            caller.call(at.current(), "delete the copy of volume " + command.resourceId() + " uploaded", callTimeoutMillis,
                    () -> {
                        at.driver().deleteVolume(copy);
                        return null;
                    });
        } catch (DriverException e) {
            LOG.warn("[{}] The copy of volume {} made for its upload to image {} is left on {} as volume {}: {}",
                    command.requestId(), command.resourceId(), command.image().imageId(), backendHost, copy.id(),
                    e.getMessage());
        }
    }

    private void uploaded(Volume volume, CopyVolumeToImage command, VolumeStatus back) {
        store.transition(volume.id(), VolumeStatus.UPLOADING, back, VolumeChange.NONE);
        LOG.info("[{}] Volume {} uploaded to image {}", command.requestId(), volume.id(), command.image().imageId());
    }

    private void failUpload(Volume volume, CopyVolumeToImage command, VolumeStatus back, String reason) {
        images.uploads().abandon(volume, command);
        store.transition(volume.id(), VolumeStatus.UPLOADING, back, VolumeChange.reason(reason));
    }

    private void delete(DeleteVolume command, Dispatch at) {
        step(at.current(), command, VolumeStatus.DELETING, VolumeStatus.DELETED, "delete the volume", volume -> {
            // A cascaded delete: the snapshots marked with the volume go first.
            for (Snapshot snapshot : snapshots.ofVolume(volume.id())) {
                if (snapshot.status() == SnapshotStatus.DELETING) {
                    at.driver().deleteSnapshot(snapshotSpec(snapshot, volume));
                    snapshots.transition(snapshot.id(), SnapshotStatus.DELETING, SnapshotStatus.DELETED, null, null);
                }
            }
            at.driver().deleteVolume(spec(volume));
            return VolumeChange.NONE;
        }, this::failDelete);
    }

    private void revert(RevertToSnapshot command, Dispatch at) {
        step(at.current(), command, VolumeStatus.REVERTING, VolumeStatus.AVAILABLE, VolumeStatus.ERROR,
                "revert the volume to snapshot " + command.snapshotId(), volume -> {
                    at.driver().revertToSnapshot(spec(volume), snapshotSpec(existingSnapshot(command.snapshotId()), volume));
                    return VolumeChange.NONE;
                });
    }

    private void extend(ExtendVolume command, Dispatch at) {
        int newSize = command.newSizeGb();
        step(at.current(), command, VolumeStatus.EXTENDING, VolumeStatus.AVAILABLE, VolumeStatus.ERROR_EXTENDING,
                "extend the volume to " + newSize + " GiB", volume -> {
                    at.driver().extendVolume(spec(volume), newSize);
                    return VolumeChange.size(newSize);
                });
    }

    private void createSnapshot(CreateSnapshot command, Dispatch at) {
        snapshotStep(at.current(), command, SnapshotStatus.CREATING, SnapshotStatus.AVAILABLE, SnapshotStatus.ERROR,
                "create the snapshot", at.driver()::createSnapshot);
    }

    private void deleteSnapshot(DeleteSnapshot command, Dispatch at) {
        snapshotStep(at.current(), command, SnapshotStatus.DELETING, SnapshotStatus.DELETED,
                SnapshotStatus.ERROR_DELETING, "delete the snapshot", spec -> {
                    at.driver().deleteSnapshot(spec);
                    return null;
                });
    }

    /** Why a driver call failed; {@code busy} when the driver refused because others depend on the resource. */
    private record Failure(String reason, boolean busy) {
    }

    /** What a step asks of the driver; returns the fields to record with the step's final status. */
    @FunctionalInterface
    private interface DriverWork {
        VolumeChange apply(Volume volume) throws DriverException;
    }

    /**
     * One driver step on a volume of this backend. It runs only while the volume is in
     * {@code during}, so a redelivered or outdated command does nothing, and it always ends the
     * volume in {@code done} or, with a reason naming the driver, in {@code failed}.
     */
    private void step(DriverBinding current, VolumeCommand command, VolumeStatus during, VolumeStatus done,
            VolumeStatus failed, String action, DriverWork work) {
        step(current, command, during, done, action, work,
                (volume, failure) -> store.transition(volume.id(), during, failed, VolumeChange.reason(failure.reason())));
    }

    /** As above, with what to do of a driver failure, e.g. a reschedule. */
    private void step(DriverBinding current, VolumeCommand command, VolumeStatus during, VolumeStatus done, String action,
            DriverWork work, BiConsumer<Volume, Failure> failure) {
        Volume volume = store.find(command.resourceId()).orElse(null);
        if (volume == null || volume.status() != during || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return;
        }
        drive(current, command, "Volume " + volume.id() + " (" + volume.sizeGb() + " GiB)", action,
                () -> work.apply(volume), change -> store.transition(volume.id(), during, done, change),
                outcome -> failure.accept(volume, outcome));
    }

    /**
     * A failed delete leaves the volume in {@code error_deleting}, and with it the snapshots a
     * cascade marked and did not get to: {@code deleting} would keep them from any new delete. A
     * delete the driver refused because others depend on the volume or a snapshot changed nothing:
     * they are all {@code available} again, as in Cinder.
     */
    private void failDelete(Volume volume, Failure failure) {
        VolumeStatus volumeTo = failure.busy() ? VolumeStatus.AVAILABLE : VolumeStatus.ERROR_DELETING;
        SnapshotStatus snapshotTo = failure.busy() ? SnapshotStatus.AVAILABLE : SnapshotStatus.ERROR_DELETING;
        store.transition(volume.id(), VolumeStatus.DELETING, volumeTo, VolumeChange.reason(failure.reason()));
        for (Snapshot snapshot : snapshots.ofVolume(volume.id())) {
            if (snapshot.status() == SnapshotStatus.DELETING) {
                snapshots.transition(snapshot.id(), SnapshotStatus.DELETING, snapshotTo,
                        "The delete of volume " + volume.id() + " failed: " + failure.reason(), null);
            }
        }
    }

    /**
     * Cinder's rescheduling: an empty volume whose create failed here goes back to the scheduler,
     * which places it on another backend (this one excluded) until its attempts run out. A copy
     * of a snapshot or volume can only be made where its source is: it goes to error.
     */
    private void rescheduleOrFail(Volume volume, CreateVolume command, Outbox outbox, Failure failure) {
        String reason = failure.reason();
        if (volume.snapshotId() == null && volume.sourceVolumeId() == null) {
            // Journaled first: once the host is released, only this command would ever place the volume.
            CommandJournal.Entry schedule = journal.record(Destinations.SCHEDULER,
                    command.reschedule(backendHost).toCommand());
            if (store.releaseHost(volume.id(), volume.host(), command.placement().zoneAsked(), reason)) {
                schedule.written();
                schedule.send(outbox);
                LOG.warn("[{}] Volume {} goes back to the scheduler: {}", command.requestId(), volume.id(), reason);
                return;
            }
            schedule.forget();
        }
        store.transition(volume.id(), VolumeStatus.CREATING, VolumeStatus.ERROR, VolumeChange.reason(reason));
        LOG.error("[{}] Volume {} is in error: {}", command.requestId(), volume.id(), reason);
    }

    /**
     * Calls the driver for a step and records its outcome: the step's result, or the failure with
     * a reason naming the driver. Nothing is left waiting.
     */
    private <T> void drive(DriverBinding current, VolumeCommand command, String subject, String action, Callable<T> call,
            Consumer<T> done, Consumer<Failure> failed) {
        String point = "manager." + command.type();
        try {
            FaultPoints.reach(point + ".before-driver");
            T result = caller.call(current, action + " " + command.resourceId(), callTimeoutMillis, call);
            FaultPoints.reach(point + ".driver-returned");
            done.accept(result);
            FaultPoints.reach(point + ".recorded");
            capacityChanged.run();
            LOG.info("[{}] {}: {} done on {}", command.requestId(), subject, action, backendHost);
        } catch (DriverException e) {
            if (!serving.test(current)) {
                // The driver went while it worked (an update, a stop): the step is redone by the next one,
                // as after a crash (driver operations are idempotent), rather than failing its resource.
                throw new IllegalStateException("Driver " + current.driverName() + " left " + backendHost + " while it"
                        + " was to " + action + " " + command.resourceId() + " (" + e.getMessage() + "); the request"
                        + " goes back to the broker for the next driver", e);
            }
            String reason = "Driver " + current.driverName() + " on " + backendHost + " could not " + action + ": "
                    + e.getMessage();
            boolean busy = e instanceof ResourceBusyException;
            if (busy) {
                LOG.warn("[{}] {} refused, nothing changed: {}", command.requestId(), subject, reason);
            } else {
                LOG.error("[{}] {} failed: {}", command.requestId(), subject, reason);
            }
            failed.accept(new Failure(reason, busy));
        }
    }

    /** An empty volume, or a copy of the snapshot or volume it is created from. */
    private String createVolume(VolumeDriver driver, Volume volume) throws DriverException {
        if (volume.snapshotId() != null) {
            Snapshot snapshot = existingSnapshot(volume.snapshotId());
            Volume source = store.find(snapshot.volumeId()).orElseThrow(
                    () -> new DriverException("the snapshot's volume " + snapshot.volumeId() + " no longer exists"));
            return driver.createVolumeFromSnapshot(spec(volume), snapshotSpec(snapshot, source));
        }
        if (volume.sourceVolumeId() != null) {
            Volume source = store.find(volume.sourceVolumeId()).orElseThrow(
                    () -> new DriverException("the source volume " + volume.sourceVolumeId() + " no longer exists"));
            return driver.cloneVolume(spec(volume), spec(source));
        }
        return driver.createVolume(spec(volume));
    }

    private Snapshot existingSnapshot(String snapshotId) throws DriverException {
        return snapshots.find(snapshotId)
                .orElseThrow(() -> new DriverException("snapshot " + snapshotId + " no longer exists"));
    }

    /** What a snapshot step asks of the driver. */
    @FunctionalInterface
    private interface SnapshotWork {
        String apply(SnapshotSpec snapshot) throws DriverException;
    }

    /**
     * As {@link #step}, for a snapshot of a volume of this backend. A delete the driver refused
     * because clones depend on the snapshot changed nothing: it is {@code available} again.
     */
    private void snapshotStep(DriverBinding current, VolumeCommand command, SnapshotStatus during, SnapshotStatus done,
            SnapshotStatus failed, String action, SnapshotWork work) {
        Snapshot snapshot = snapshots.find(command.resourceId()).orElse(null);
        Volume volume = snapshot == null ? null : store.find(snapshot.volumeId()).orElse(null);
        if (snapshot == null || snapshot.status() != during || volume == null
                || !backendHost.equals(volume.backendHost())) {
            LOG.debug("[{}] {} of {} already handled", command.requestId(), command.type(), command.resourceId());
            return;
        }
        drive(current, command, "Snapshot " + snapshot.id() + " of volume " + volume.id(), action,
                () -> work.apply(snapshotSpec(snapshot, volume)),
                location -> snapshots.transition(snapshot.id(), during, done, null, location),
                failure -> snapshots.transition(snapshot.id(), during,
                        failure.busy() && during == SnapshotStatus.DELETING ? SnapshotStatus.AVAILABLE : failed,
                        failure.reason(), null));
    }
}
