package dev.virtiofs.junit.internal.ssh;

import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.RawResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;

/**
 * SSH to one guest, logged in on first use: a class that never asks for its {@link SSHClient} (and
 * whose guest runs commands through the exec channel) does not pay for a key exchange and login.
 */
public final class SshAccess implements CommandRunner, AutoCloseable {

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final ClientKey clientKey;
  private final GuestHostKey hostKey;
  private GuestConnection connection;
  private boolean closed;

  /**
   * SSH access to a guest whose server listens on a forwarded port.
   *
   * @param port the forwarded port on 127.0.0.1
   * @param clientKey the key the guest authorizes
   * @param hostKey the key the guest must present
   */
  public SshAccess(int port, ClientKey clientKey, GuestHostKey hostKey) {
    this.port = port;
    this.clientKey = clientKey;
    this.hostKey = hostKey;
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
   * Logs in. A guest is ready only once its SSH server listens: the project's image's exec agent
   * serves SSH from its start, and other images are ready when their banner can be read.
   */
  private GuestConnection open() {
    try {
      return GuestConnection.open(port, clientKey, hostKey, LOGIN_TIMEOUT);
    } catch (IOException e) {
      throw failed(e);
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
