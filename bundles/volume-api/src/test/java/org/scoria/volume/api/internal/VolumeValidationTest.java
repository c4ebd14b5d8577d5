package org.scoria.volume.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.junit.Test;
import org.scoria.image.ImageService;
import org.scoria.messaging.CommandJournal;
import org.scoria.persistence.VolumeStore;
import org.scoria.volume.api.CreateVolumeRequest;
import org.scoria.volume.api.InvalidInputException;
import org.scoria.volume.api.Policy;
import org.scoria.volume.api.RequestContext;
import org.scoria.volume.api.VolumeTypeService;

/** Requests refused by validation never reach the database or the broker. */
public class VolumeValidationTest {

    private static final RequestContext CONTEXT = new RequestContext("u", "p", Set.of("member", "reader"), false, null, Policy.UNRESTRICTED);

    /** The store and bus fail the test on any call: a refused request must write nothing. */
    private final DefaultVolumeService service = new DefaultVolumeService(untouchable(VolumeStore.class),
            untouchable(org.scoria.persistence.SnapshotStore.class),
            untouchable(org.scoria.persistence.AttachmentStore.class),
            untouchable(org.scoria.persistence.BackupStore.class), untouchable(VolumeTypeService.class),
            untouchable(org.scoria.volume.api.QuotaService.class),
            untouchable(CommandJournal.class), untouchable(ImageService.class), new DefaultVolumeService.Config() {
                @Override
                public Class<? extends Annotation> annotationType() {
                    return DefaultVolumeService.Config.class;
                }

                @Override
                public String default_availability_zone() {
                    return "";
                }

                @Override
                public String default_volume_type() {
                    return "";
                }

                @Override
                public long message_ttl_seconds() {
                    return 1;
                }

                @Override
                public long message_reap_interval_seconds() {
                    return 1;
                }

                @Override
                public boolean enable_force_upload() {
                    return false;
                }
            });

    private static <T> T untouchable(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " called for a refused request");
        }));
    }

    @Test
    public void sizeMustBePresentAndPositive() {
        assertEquals("Invalid input received: Volume size 'None' must be an integer and greater than 0.",
                assertThrows(InvalidInputException.class, () -> service.create(CONTEXT, new CreateVolumeRequest("n", null, null, null)))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> service.create(CONTEXT, new CreateVolumeRequest("n", null, 0, null)));
        assertThrows(InvalidInputException.class, () -> service.create(CONTEXT, new CreateVolumeRequest("n", null, -3, null)));
    }

    @Test
    public void namesAndDescriptionsAreCheckedAfterStripping() {
        assertEquals("data", InputChecks.text("name", "  data \t"));
        assertEquals("an all-spaces name becomes empty, as in Cinder", "", InputChecks.text("name", "   "));
        assertNull(InputChecks.text("name", null));
        assertEquals(255, InputChecks.text("name", " " + "x".repeat(255) + " ").length());
        assertEquals("Invalid input received: name has 256 characters, more than 255.",
                assertThrows(InvalidInputException.class, () -> service.create(CONTEXT,
                        new CreateVolumeRequest("x".repeat(256), null, 1, null))).getMessage());
        assertThrows(InvalidInputException.class,
                () -> service.create(CONTEXT, new CreateVolumeRequest(null, "d".repeat(256), 1, null)));
    }

    @Test
    public void zoneMustBeOneTo255Characters() {
        assertThrows(InvalidInputException.class, () -> service.create(CONTEXT, new CreateVolumeRequest(null, null, 1, "")));
        assertThrows(InvalidInputException.class,
                () -> service.create(CONTEXT, new CreateVolumeRequest(null, null, 1, "z".repeat(256))));
    }
}
