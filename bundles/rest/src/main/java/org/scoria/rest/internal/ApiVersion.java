package org.scoria.rest.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.core.HttpHeaders;

/**
 * A Block Storage API microversion, {@code 3.<minor>}, negotiated from the request headers as
 * Cinder does: {@code OpenStack-API-Version: volume 3.x} (or the legacy
 * {@code OpenStack-Volume-API-Version: 3.x}); none means 3.0, {@code latest} the maximum.
 */
record ApiVersion(int minor) implements Comparable<ApiVersion> {

    static final ApiVersion MIN = new ApiVersion(0);
    static final ApiVersion MAX = new ApiVersion(71);

    /** Fields and behaviour gated by microversion, named as Cinder's microversions module names them. */
    /** {@code visibility} and {@code protected} on {@code os-volume_upload_image}. */
    static final ApiVersion UPLOAD_VISIBILITY = new ApiVersion(1);
    static final ApiVersion MESSAGES = new ApiVersion(3);
    static final ApiVersion VOLUME_LIST_GLANCE_METADATA = new ApiVersion(4);
    static final ApiVersion CLUSTERS = new ApiVersion(7);
    static final ApiVersion BACKUP_UPDATE = new ApiVersion(9);
    static final ApiVersion VOLUME_SUMMARY = new ApiVersion(12);
    static final ApiVersion GROUP_VOLUME = new ApiVersion(13);
    static final ApiVersion GROUP_SNAPSHOTS = new ApiVersion(14);
    static final ApiVersion BACKUP_PROJECT = new ApiVersion(18);
    static final ApiVersion VOLUME_DETAIL_PROVIDER_ID = new ApiVersion(21);
    static final ApiVersion WORKERS_CLEANUP = new ApiVersion(24);
    static final ApiVersion REPLICATION_CLUSTER = new ApiVersion(26);
    static final ApiVersion NEW_ATTACH = new ApiVersion(27);
    static final ApiVersion LOG_LEVEL = new ApiVersion(32);
    static final ApiVersion RESOURCE_FILTER = new ApiVersion(33);
    static final ApiVersion VOLUME_SUMMARY_METADATA = new ApiVersion(36);
    static final ApiVersion VOLUME_REVERT = new ApiVersion(40);
    static final ApiVersion SNAPSHOT_LIST_USER_ID = new ApiVersion(41);
    static final ApiVersion BACKUP_METADATA = new ApiVersion(43);
    static final ApiVersion NEW_ATTACH_COMPLETION = new ApiVersion(44);
    static final ApiVersion SUPPORT_COUNT_INFO = new ApiVersion(45);
    static final ApiVersion VOLUME_SHARED_TARGETS_AND_SERVICE_FIELDS = new ApiVersion(48);
    static final ApiVersion BACKEND_STATE = new ApiVersion(49);
    static final ApiVersion ATTACHMENT_CREATE_MODE_ARG = new ApiVersion(54);
    static final ApiVersion BACKUP_USER_ID = new ApiVersion(56);
    static final ApiVersion VOLUME_CLUSTER_NAME = new ApiVersion(61);
    static final ApiVersion PROJECT_DEFAULT_TYPES = new ApiVersion(62);
    static final ApiVersion VOLUME_TYPE_ID_IN_VOL_DETAIL = new ApiVersion(63);
    static final ApiVersion USE_QUOTA = new ApiVersion(65);
    static final ApiVersion SUPPORT_REIMAGE = new ApiVersion(68);

    static final String HEADER = "OpenStack-API-Version";
    static final String LEGACY_HEADER = "OpenStack-Volume-API-Version";

    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    static ApiVersion negotiate(HttpHeaders headers) {
        String requested = null;
        String header = headers.getHeaderString(HEADER);
        if (header != null) {
            // "volume 3.5", possibly among other services' entries: "compute 2.1, volume 3.5"
            for (String entry : header.split(",")) {
                String[] parts = entry.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equalsIgnoreCase("volume")) {
                    requested = parts[1];
                }
            }
        }
        if (requested == null) {
            requested = headers.getHeaderString(LEGACY_HEADER);
        }
        return requested == null ? MIN : parse(requested.trim());
    }

    static ApiVersion parse(String text) {
        if (text.equalsIgnoreCase("latest")) {
            return MAX;
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new ApiFault(400, "API Version String " + text
                    + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        ApiVersion version;
        try {
            version = Integer.parseInt(matcher.group(1)) == 3 ? new ApiVersion(Integer.parseInt(matcher.group(2))) : null;
        } catch (NumberFormatException tooLong) {
            version = null;
        }
        if (version == null || version.compareTo(MIN) < 0 || version.compareTo(MAX) > 0) {
            throw new ApiFault(406, "Version " + text + " is not supported by the API. Minimum is " + MIN
                    + " and maximum is " + MAX + ".");
        }
        return version;
    }

    boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ApiVersion other) {
        return Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return "3." + minor;
    }
}
