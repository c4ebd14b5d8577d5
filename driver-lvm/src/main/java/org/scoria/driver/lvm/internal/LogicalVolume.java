package org.scoria.driver.lvm.internal;

import java.util.Set;

/**
 * One line of {@code lvs}: a logical volume as lvm2 reports it.
 *
 * @param attributes  {@code lv_attr}, e.g. {@code Vwi-a-tz--}: its first letter is the kind
 *                    ({@code V} thin volume, {@code t} thin pool, {@code s} snapshot, {@code -} plain),
 *                    its fifth the state ({@code a} active)
 * @param pool        the thin pool of a thin volume, else empty
 * @param dataPercent a thin pool's (or thin volume's) data usage, 0 when lvm2 reports none
 */
record LogicalVolume(String name, long sizeBytes, String attributes, String pool, String origin, double dataPercent,
        double metadataPercent, Set<String> tags) {

    boolean thinPool() {
        return attributes.startsWith("t");
    }

    boolean thinVolume() {
        return attributes.startsWith("V");
    }

    boolean active() {
        return attributes.length() > 4 && attributes.charAt(4) == 'a';
    }

    /** The value of the tag {@code key=value}, or {@code null}. */
    String tag(String key) {
        return tags.stream().filter(tag -> tag.startsWith(key + "=")).map(tag -> tag.substring(key.length() + 1))
                .findFirst().orElse(null);
    }

    /** The values of every tag {@code key=value}. */
    Set<String> tagValues(String key) {
        return tags.stream().filter(tag -> tag.startsWith(key + "=")).map(tag -> tag.substring(key.length() + 1))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
