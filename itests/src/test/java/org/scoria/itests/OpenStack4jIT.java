package org.scoria.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.storage.BlockStorageService;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.storage.block.Volume;
import org.openstack4j.model.storage.block.VolumeSnapshot;
import org.openstack4j.model.storage.block.VolumeType;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * openstack4j 3.12, a Java SDK from Maven Central, against a running distribution, unchanged.
 * Scoria speaks noauth, not Keystone, so the client is made from a token whose id is the noauth
 * token and whose endpoint resolver names the block storage endpoint: what a Keystone catalog would.
 */
public class OpenStack4jIT {

    private static final String PROJECT = "sdk-it";
    private static final String ENDPOINT = "http://127.0.0.1:8776/v3/" + PROJECT;
    private static Distribution distribution;

    @Rule
    public final TestRule diesLoudly = Distribution.explainsItsDeath(() -> distribution);

    @BeforeClass
    public static void start() throws Exception {
        distribution = Distribution.unpack("sdk");
        distribution.start();
        Http http = new Http("http://127.0.0.1:8776", "probe:" + PROJECT);
        Await.until("the REST endpoint", 120, () -> http.get("/v3/" + PROJECT + "/volumes").status() == 200);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (distribution != null) {
            distribution.stop();
            distribution.delete();
        }
    }

    /**
     * openstack4j keeps its session in a thread-local, the last client made on a thread being the
     * one its services use: each switch of identity makes its client again (no network involved).
     */
    private static BlockStorageService member() {
        return client("sdk-user:" + PROJECT);
    }

    private static BlockStorageService admin() {
        return client("admin:" + PROJECT);
    }

    private static BlockStorageService client(String token) {
        EndpointURLResolver catalog = new EndpointURLResolver() {
            @Override
            public String findURLV2(URLResolverParams params) {
                return ENDPOINT;
            }

            @Override
            public String findURLV3(URLResolverParams params) {
                return ENDPOINT;
            }
        };
        KeystoneToken keystoneToken = new KeystoneToken();
        keystoneToken.setId(token);
        keystoneToken.setEndpoint(ENDPOINT);
        OSClient.OSClientV3 client = OSFactory.clientFromToken(keystoneToken, Config.newConfig().withEndpointURLResolver(catalog));
        return client.blockStorage();
    }

    @Test
    public void sdkManagesVolumesSnapshotsTypesQuotasAndReadsOperatorViews() throws Exception {
        VolumeType type = admin().volumes().createVolumeType(Builders.volumeType().name("sdk-type")
                .extraSpecs(Map.of("volume_backend_name", "nfs-default")).build());
        assertEquals("sdk-type", type.getName());
        assertTrue(member().volumes().listVolumeTypes().stream().anyMatch(listed -> listed.getName().equals("sdk-type")));

        Volume created = member().volumes().create(Builders.volume().name("sdk-volume").description("from openstack4j")
                .size(1).volumeType("sdk-type").metadata(Map.of("app", "sdk")).build());
        assertEquals(Volume.Status.CREATING, created.getStatus());
        String id = created.getId();
        awaitVolume(id, Volume.Status.AVAILABLE, 1);
        Volume shown = member().volumes().get(id);
        assertEquals("sdk-volume", shown.getName());
        assertEquals("sdk-type", shown.getVolumeType());
        assertEquals("sdk", shown.getMetaData().get("app"));
        assertEquals("nova", shown.getZone());
        assertTrue(member().volumes().list().stream().anyMatch(listed -> listed.getId().equals(id)));

        assertTrue(member().volumes().update(id, "sdk-renamed", "renamed").isSuccess());
        assertEquals("sdk-renamed", member().volumes().get(id).getName());
        assertTrue(member().volumes().bootable(id, true).isSuccess());
        assertTrue(member().volumes().get(id).bootable());
        assertTrue(member().volumes().extend(id, 2).isSuccess());
        awaitVolume(id, Volume.Status.AVAILABLE, 2);
        ActionResponse memberReset = member().volumes().resetState(id, Volume.Status.ERROR);
        assertFalse(memberReset.isSuccess());
        assertEquals(403, memberReset.getCode());

        VolumeSnapshot snapshot = member().snapshots().create(Builders.volumeSnapshot().volume(id).name("sdk-snapshot").build());
        Await.until("snapshot available", 60, () -> member().snapshots().get(snapshot.getId()).getStatus()
                == Volume.Status.AVAILABLE);
        assertEquals(2, member().snapshots().get(snapshot.getId()).getSize());
        assertTrue(member().snapshots().list().stream().anyMatch(listed -> listed.getId().equals(snapshot.getId())));
        assertTrue(member().snapshots().update(snapshot.getId(), "sdk-snap-renamed", null).isSuccess());
        assertEquals("sdk-snap-renamed", member().snapshots().get(snapshot.getId()).getName());

        assertEquals(1, member().getLimits().getAbsolute().getTotalVolumesUsed());
        assertEquals(4, member().getLimits().getAbsolute().getTotalGigabytesUsed());
        assertEquals(10, member().quotaSets().get(PROJECT).getVolumes());
        assertEquals(1, member().quotaSets().usageForTenant(PROJECT).getVolumes().getInUse());
        // openstack4j sends every limit of its quota set, unset ones as 0.
        assertEquals(20, admin().quotaSets().updateForTenant(PROJECT, Builders.blockQuotaSet().volumes(20).snapshots(10).gigabytes(1000).build()).getVolumes());
        assertEquals(10, admin().quotaSets().getDefaults(PROJECT).getVolumes());

        assertTrue(admin().schedulerStatsPools().poolsDetail().stream()
                .anyMatch(pool -> pool.getCapabilities().getVolumeBackendName().equals("nfs-default")));
        assertTrue(admin().services().list().stream().anyMatch(service -> service.getBinary().equals("cinder-volume")));
        assertEquals("nova", member().zones().list().get(0).getZoneName());

        assertTrue(member().snapshots().delete(snapshot.getId()).isSuccess());
        Await.until("snapshot deleted", 60, () -> member().snapshots().get(snapshot.getId()) == null);
        assertTrue(member().volumes().delete(id).isSuccess());
        Await.until("volume deleted", 60, () -> member().volumes().get(id) == null);
        admin().volumes().deleteVolumeType(type.getId());
        assertTrue(member().volumes().listVolumeTypes().stream().noneMatch(listed -> listed.getName().equals("sdk-type")));
        assertTrue(admin().quotaSets().delete(PROJECT).isSuccess());
    }

    private static void awaitVolume(String id, Volume.Status status, int size) throws InterruptedException {
        Await.until("volume " + id + " " + status + " at " + size + " GiB", 60, () -> {
            Volume volume = member().volumes().get(id);
            return volume.getStatus() == status && volume.getSize() == size;
        });
    }
}
