package org.scoria.driver.lvm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading lvm2's JSON reports, as lvm2 2.03 (Debian bookworm) prints them. */
public class LvmReportTest {

    private static final String LVS = """
              {
                  "report": [
                      {
                          "lv": [
                              {"lv_name":"_snapshot-1", "lv_size":"1073741824", "lv_attr":"Vwi---tz-k", "pool_lv":"vg-pool", "origin":"volume-a", "data_percent":"", "metadata_percent":"", "lv_tags":""},
                              {"lv_name":"vg-pool", "lv_size":"20354957312", "lv_attr":"twi-aotz--", "pool_lv":"", "origin":"", "data_percent":"12.50", "metadata_percent":"10.55", "lv_tags":""},
                              {"lv_name":"volume-a", "lv_size":"2147483648", "lv_attr":"Vwi-aotz--", "pool_lv":"vg-pool", "origin":"", "data_percent":"0.05", "metadata_percent":"", "lv_tags":"scoria.chap=u:p,scoria.consumer=iqn.1993-08.org.debian:01:a,scoria.consumer=host:b"}
                          ]
                      }
                  ]
              }
            """;

    @Test
    public void logicalVolumesAreReadWithTheirKindStateAndTags() throws Exception {
        List<JsonNode> rows = Lvm.rows(new CommandResult(List.of("lvs"), 0, LVS, ""), "lv");
        assertEquals(3, rows.size());
        LogicalVolume snapshot = Lvm.logicalVolume(rows.get(0));
        assertTrue(snapshot.thinVolume());
        assertFalse("a thin snapshot is skipped on activation", snapshot.active());
        assertEquals("volume-a", snapshot.origin());
        assertEquals(0, snapshot.dataPercent(), 0);

        LogicalVolume pool = Lvm.logicalVolume(rows.get(1));
        assertTrue(pool.thinPool());
        assertEquals(20354957312L, pool.sizeBytes());
        assertEquals(12.5, pool.dataPercent(), 0);
        assertEquals(10.55, pool.metadataPercent(), 0);

        LogicalVolume volume = Lvm.logicalVolume(rows.get(2));
        assertTrue(volume.active());
        assertEquals("u:p", volume.tag("scoria.chap"));
        assertEquals(Set.of("iqn.1993-08.org.debian:01:a", "host:b"), volume.tagValues("scoria.consumer"));
        assertEquals(null, volume.tag("scoria.incomplete"));
    }

    @Test
    public void volumeGroupsAreReadFromTheirOwnRows() throws Exception {
        String vgs = "{\"report\": [{\"vg\": [{\"vg_name\":\"vg\", \"vg_size\":\"21470642176\", \"vg_free\":\"1073741824\"}]}]}";
        List<JsonNode> rows = Lvm.rows(new CommandResult(List.of("vgs"), 0, vgs, ""), "vg");
        assertEquals(1, rows.size());
        assertEquals("21470642176", rows.get(0).path("vg_size").asText());
        assertTrue(Lvm.rows(new CommandResult(List.of("vgs"), 0, vgs, ""), "lv").isEmpty());
    }

    @Test(expected = org.scoria.spi.volume.DriverException.class)
    public void outputThatIsNoReportIsADriverError() throws Exception {
        Lvm.rows(new CommandResult(List.of("lvs"), 0, "  WARNING: something\n", ""), "lv");
    }
}
