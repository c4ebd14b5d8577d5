package org.scoria.backup.swift.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Swift and how hard to try.
 *
 * @param authUrl           tempauth's {@code /auth/v1.0}, or Keystone's base ({@code http://host:5000/v3})
 * @param authVersion       1 for tempauth and swauth, 3 for Keystone v3
 * @param user              for version 1 {@code account:user}, for version 3 the user's name
 * @param key               the key or password; never logged
 * @param projectName       the project a Keystone token is scoped to (version 3 only)
 * @param userDomainName    the user's domain (version 3 only)
 * @param projectDomainName the project's domain (version 3 only)
 * @param storageUrl        the account's URL to use instead of the one authentication answers
 * @param retries           how many times a failed request is repeated
 * @param retryBackoff      the wait before the first repetition; it doubles for each further one
 * @param timeout           the longest one request may take, its body included
 * @param caCertificates    PEM certificates to trust for TLS instead of the JDK's
 */
record SwiftSettings(URI authUrl, int authVersion, String user, String key, String projectName,
        String userDomainName, String projectDomainName, Optional<URI> storageUrl, int retries,
        Duration retryBackoff, Duration timeout, Optional<Path> caCertificates) {

    SwiftSettings {
        if (authUrl == null || authUrl.getHost() == null
                || !("http".equals(authUrl.getScheme()) || "https".equals(authUrl.getScheme()))) {
            throw new IllegalArgumentException("auth.url must be an http or https URL, was " + authUrl);
        }
        if (authVersion != 1 && authVersion != 3) {
            throw new IllegalArgumentException("auth.version must be 1 or 3, was " + authVersion);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must be set");
        }
        if (authVersion == 3 && (projectName == null || projectName.isBlank())) {
            throw new IllegalArgumentException("project.name must be set with auth.version 3");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retry.attempts must be at least 0, was " + retries);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry.backoff.seconds must be at least 0, was " + retryBackoff.toSeconds());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout.seconds must be at least 1, was " + timeout.toSeconds());
        }
        key = key == null ? "" : key;
    }

    /** Leaves the key out, so the settings can be logged. */
    @Override
    public String toString() {
        return "auth " + authUrl + " (v" + authVersion + ") as " + user
                + (authVersion == 3 ? " in project " + projectName : "")
                + storageUrl.map(url -> ", storage " + url).orElse("");
    }
}
