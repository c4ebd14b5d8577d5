package org.scoria.driver.lvm.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.scoria.spi.volume.DriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on a storage node over SSH (Apache MINA SSHD), with a key. One session is kept
 * and shared by concurrent commands, each on its own channel; a session that fails or times
 * out is dropped and the next command connects again, so a node that stops answering costs each
 * call at most the connect timeout, never a hung request.
 */
final class SshCommandExecutor implements CommandExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SshCommandExecutor.class);
    /** Arguments made only of these need no quoting for the remote shell. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");
    /** OpenSSH's default MaxSessions is 10 channels per connection; stay under it. */
    private static final int CHANNELS = 8;

    private final String host;
    private final int port;
    private final String user;
    private final Duration connectTimeout;
    private final Duration defaultTimeout;
    private final SshClient client;
    private final Semaphore channels = new Semaphore(CHANNELS);
    private ClientSession session;

    /**
     * @param knownHosts an OpenSSH known_hosts file the node's host key must be in, or {@code null}
     *                   to accept any host key (logged as a warning)
     */
    SshCommandExecutor(String host, int port, String user, Path privateKey, Path knownHosts, Duration connectTimeout,
            Duration defaultTimeout) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.connectTimeout = connectTimeout;
        this.defaultTimeout = defaultTimeout;
        client = SshClient.setUpDefaultClient();
        // Only this configuration says how to reach the node, not the container user's ~/.ssh/config.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        if (knownHosts == null) {
            LOG.warn("The host key of storage node {} is not checked: set ssh.known.hosts to check it", node());
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        } else {
            client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        }
        client.setKeyIdentityProvider(new FileKeyPairProvider(privateKey));
        client.start();
    }

    @Override
    public CommandResult run(List<String> command, byte[] input, Duration timeout) throws DriverException {
        String line = command.stream().map(SshCommandExecutor::quote).collect(Collectors.joining(" "));
        try {
            if (!channels.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DriverException("'" + line + "' waited " + timeout.toSeconds() + " s for a free SSH channel to "
                        + node());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted before running '" + line + "' on " + node(), e);
        }
        ClientSession current = null;
        try {
            current = session();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            try (ChannelExec channel = current.createExecChannel(line)) {
                channel.setOut(stdout);
                channel.setErr(stderr);
                if (input != null) {
                    channel.setIn(new ByteArrayInputStream(input));
                }
                channel.open().verify(connectTimeout);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                if (!events.contains(ClientChannelEvent.CLOSED) || channel.getExitStatus() == null) {
                    drop(current);
                    throw new DriverException("'" + line + "' on " + node() + " did not end within " + timeout.toSeconds()
                            + " s; the node does not answer");
                }
                return new CommandResult(command, channel.getExitStatus(), stdout.toString(StandardCharsets.UTF_8),
                        stderr.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            drop(current);
            throw new DriverException("could not run '" + line + "' on " + node() + ": " + e.getMessage(), e);
        } finally {
            channels.release();
        }
    }

    /** The shared session, connected and authenticated when there is none (or it has closed). */
    private synchronized ClientSession session() throws IOException {
        if (session == null || !session.isOpen()) {
            ClientSession connected = client.connect(user, host, port).verify(connectTimeout).getSession();
            try {
                connected.auth().verify(connectTimeout);
            } catch (IOException e) {
                connected.close(true);
                throw e;
            }
            session = connected;
        }
        return session;
    }

    private synchronized void drop(ClientSession failed) {
        if (failed != null) {
            failed.close(true);
            if (session == failed) {
                session = null;
            }
        }
    }

    static String quote(String argument) {
        return PLAIN.matcher(argument).matches() ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    public String node() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (session != null) {
                session.close(true);
                session = null;
            }
        }
        client.stop();
    }
}
