package org.scoria.backup.swift.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.net.ssl.SSLContext;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scoria.spi.backup.ObjectStoreException;

/** What the client does without a server: names in URLs, messages, digests, trust. */
public class SwiftClientTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anObjectNameKeepsItsSlashesAndEncodesTheRest() throws Exception {
        assertEquals("backups-p1/volume-1/backup-2/chunk-00001",
                SwiftClient.objectPath("backups-p1", "volume-1/backup-2/chunk-00001"));
        assertEquals("c/a%20b/%3F%23%25%2B%26%3D/x~y_z.-", SwiftClient.objectPath("c", "a b/?#%+&=/x~y_z.-"));
        assertEquals("c/%C3%A9t%C3%A9/%E2%82%AC", SwiftClient.objectPath("c", "été/€"));
        assertEquals("c//leading", SwiftClient.objectPath("c", "/leading"));
    }

    @Test
    public void aQueryValueEncodesSlashesToo() {
        assertEquals("volume-1%2Fbackup%202%2F", SwiftClient.encodeComponent("volume-1/backup 2/"));
        assertEquals("", SwiftClient.encodeComponent(""));
    }

    @Test
    public void aContainerNameIsEncodedAndChecked() throws Exception {
        assertEquals("my%20backups", SwiftClient.containerPath("my backups"));
        assertThrows(ObjectStoreException.class, () -> SwiftClient.containerPath("a/b"));
        assertThrows(ObjectStoreException.class, () -> SwiftClient.containerPath(""));
        char[] long257 = new char[257];
        Arrays.fill(long257, 'c');
        assertThrows(ObjectStoreException.class, () -> SwiftClient.containerPath(new String(long257)));
        char[] long1025 = new char[1025];
        Arrays.fill(long1025, 'o');
        ObjectStoreException e = assertThrows(ObjectStoreException.class,
                () -> SwiftClient.objectPath("c", new String(long1025)));
        assertTrue(e.getMessage(), e.getMessage().contains("1024"));
    }

    @Test
    public void anExcerptIsOneLineOfAtMost200Characters() {
        assertEquals("<html><h1>Service Unavailable</h1> <p>try later</p></html>", SwiftClient.excerpt(
                "<html><h1>Service Unavailable</h1>\n  <p>try later</p></html>\n".getBytes(StandardCharsets.UTF_8)));
        byte[] long300 = new byte[300];
        Arrays.fill(long300, (byte) 'x');
        assertEquals("x".repeat(200) + "...", SwiftClient.excerpt(long300));
        assertEquals("(empty body)", SwiftClient.excerpt(new byte[0]));
    }

    @Test
    public void theEtagIsTheMd5InLowerCaseHex() {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", SwiftClient.md5Hex(new byte[0]));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", SwiftClient.md5Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    public void aPemFileOfCertificatesBecomesTheTrust() throws Exception {
        Path pem = folder.getRoot().toPath().resolve("ca.pem");
        try (var in = SwiftClientTest.class.getResourceAsStream("test-ca.pem")) {
            Files.copy(in, pem);
        }
        SSLContext context = SwiftClient.trusting(pem);
        assertEquals("TLS", context.getProtocol());

        Path empty = Files.createFile(folder.getRoot().toPath().resolve("empty.pem"));
        assertThrows(GeneralSecurityException.class, () -> SwiftClient.trusting(empty));
    }
}
