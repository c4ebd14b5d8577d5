package org.scoria.image.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;
import org.scoria.image.Image;

public class GlanceImagesTest {

    @Test
    public void anImageAsGlanceShowsItSplitsItsSchemaFromItsUserProperties() throws Exception {
        // As Debian's glance-api 25.1 answers GET /v2/images/{id} (hashes shortened).
        Image image = GlanceImages.read(new ObjectMapper().readTree("""
                {"hw_disk_bus": "scsi", "os_distro": "cirros", "name": "cirros-0.6", "disk_format": "qcow2",
                 "container_format": "bare", "visibility": "shared", "size": 21692416, "virtual_size": 117440512,
                 "status": "active", "checksum": "c8fc", "protected": false, "min_ram": 64, "min_disk": 1,
                 "owner": "4f3a", "os_hidden": false, "os_hash_algo": "sha512", "os_hash_value": "6b81",
                 "id": "0c2e", "created_at": "2026-12-06T10:00:00Z", "updated_at": "2026-12-06T10:00:01Z",
                 "tags": [], "direct_url": "file:///images/0c2e", "self": "/v2/images/0c2e",
                 "file": "/v2/images/0c2e/file", "schema": "/v2/schemas/image", "stores": "file",
                 "kernel_id": null}"""));
        assertEquals(new Image("0c2e", "cirros-0.6", "active", "qcow2", "bare", 21692416L, 117440512L, 1, 64, "c8fc",
                "sha512", "6b81", "shared", false, Map.of("hw_disk_bus", "scsi", "os_distro", "cirros"),
                List.of("file:///images/0c2e")), image);
        assertTrue(image.active());
    }

    @Test
    public void theLocationsAreTheDirectUrlThenTheOthersOnce() throws Exception {
        // show_image_direct_url and show_multiple_locations both on, as with Glance's RBD store.
        Image image = GlanceImages.read(new ObjectMapper().readTree("""
                {"id": "r1", "status": "active", "direct_url": "rbd://f5d1/images/r1/snap",
                 "locations": [{"url": "rbd://f5d1/images/r1/snap", "metadata": {"store": "ceph"}},
                               {"url": "file:///images/r1", "metadata": {"store": "file"}}]}"""));
        assertEquals(List.of("rbd://f5d1/images/r1/snap", "file:///images/r1"), image.locations());
        assertEquals(Map.of(), image.properties());
    }

    @Test
    public void anImageWithoutDataHasNoSizesOrHashes() throws Exception {
        Image queued = GlanceImages.read(new ObjectMapper().readTree("""
                {"id": "q1", "name": null, "status": "queued", "disk_format": null, "container_format": null,
                 "size": null, "virtual_size": null, "checksum": null, "os_hash_algo": null, "os_hash_value": null,
                 "min_disk": 0, "min_ram": 0, "visibility": "private", "protected": true}"""));
        assertNull(queued.sizeBytes());
        assertNull(queued.virtualSizeBytes());
        assertNull(queued.hashValue());
        assertNull(queued.name());
        assertTrue(queued.isProtected());
        assertFalse(queued.active());
        assertEquals(Map.of(), queued.properties());
        assertEquals(List.of(), queued.locations());
    }
}
