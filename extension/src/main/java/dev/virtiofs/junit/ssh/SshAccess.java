package dev.virtiofs.junit.ssh;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.exec.CommandRunner;
import dev.virtiofs.junit.exec.RawResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import org.awaitility.core.ConditionTimeoutException;

/**
 * SSH to one guest, logged in on first use: a class that never asks for its {@link SSHClient} (and
 * whose guest runs commands through the exec channel) does not pay for a key exchange and login.
 */
public final class SshAccess implements CommandRunner, AutoCloseable {

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LISTEN_GRACE = Duration.ofSeconds(10);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(20);

  private final int port;
  private final ClientKey clientKey;
  private final GuestHostKey hostKey;
  private final boolean listensWhenReady;
  private GuestConnection connection;
  private boolean closed;

  /**
   * SSH access to a guest whose server listens on a forwarded port.
   *
   * @param port the forwarded port on 127.0.0.1
   * @param clientKey the key the guest authorizes
   * @param hostKey the key the guest must present
   * @param listensWhenReady whether the guest's SSH server listens by the time the guest is
   *     ready (the project's image: its exec agent serves SSH), so that nobody need wait for it
   */
  public SshAccess(int port, ClientKey clientKey, GuestHostKey hostKey, boolean listensWhenReady) {
    this.port = port;
    this.clientKey = clientKey;
    this.hostKey = hostKey;
    this.listensWhenReady = listensWhenReady;
  }

  /**
   * The connection, opened and logged in as root on the first call.
   *
   * @return the connection
   * @throws UncheckedIOException when the connection or the login fails
   */
  public synchronized GuestConnection connection() {
    if (closed) {
      throw new IllegalStateException("The guest's SSH access is closed: its test class has ended");
    }
    if (connection == null) {
      connection = open();
    }
    return connection;
  }

  /**
   * Logs in once the SSH server shows its banner (through the port forward, a refused guest port
   * shows as a connection closed before the banner, not a refusal).
   */
  private GuestConnection open() {
    try {
      awaitListening();
      return GuestConnection.open(port, clientKey, hostKey, LOGIN_TIMEOUT);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /**
   * Waits (up to 10 s) until the SSH server shows its banner, so that an {@code ssh} command
   * handed to a person works at once; returns either way (a login then says why it fails). Returns
   * at once for a guest whose server listens when it is ready: each look would start a dropbear.
   */
  public void awaitListening() {
    if (listensWhenReady) {
      return;
    }
    try {
      await().atMost(LISTEN_GRACE).pollDelay(Duration.ZERO).pollInterval(RETRY_PAUSE)
          .until(() -> SshBanner.readable(port));
    } catch (ConditionTimeoutException e) {
      // not listening yet: the caller's login reports it
    }
  }

  private UncheckedIOException failed(IOException e) {
    return new UncheckedIOException("SSH login to the guest on 127.0.0.1:" + port + " failed: " + e.getMessage(), e);
  }

  @Override
  public RawResult run(String command, byte[] stdin, Duration timeout) throws IOException, TimeoutException {
    return connection().run(command, stdin, timeout);
  }

  @Override
  public String name() {
    return "SSH";
  }

  /** Disconnects if a connection was opened. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
    }
  }
}
