package dev.virtiofs.junit.ssh;

import dev.virtiofs.junit.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;

/**
 * The SSH connection to one guest, as root, with the guest's host key pinned. Commands run each in
 * a session of their own on this one connection, which costs a channel open rather than a key
 * exchange.
 */
public final class GuestConnection implements AutoCloseable {

  /** sshj's configuration is costly to build (it probes every algorithm) and safe to share. */
  private static final DefaultConfig CONFIG = new DefaultConfig();

  private static final ExecutorService STREAM_READERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "virtiofs-junit-ssh-reader");
            thread.setDaemon(true);
            return thread;
          });

  private final SSHClient client;

  /**
   * Builds sshj's configuration (its algorithm probes and BouncyCastle's set-up take a few hundred
   * milliseconds) on a background thread, so that it overlaps the guest's boot.
   */
  public static void prepareInBackground() {
    STREAM_READERS.execute(() -> CONFIG.getKeyExchangeFactories());
  }

  private GuestConnection(SSHClient client) {
    this.client = client;
  }

  /**
   * Connects to a guest's SSH server on 127.0.0.1 and logs in as root.
   *
   * @param port the forwarded port
   * @param clientKey the key the guest authorizes
   * @param hostKey the key the guest must present
   * @param timeout the connect and key exchange timeout
   * @return the connection
   * @throws IOException when the connection, the host key check or the login fails
   */
  public static GuestConnection open(
      int port, ClientKey clientKey, GuestHostKey hostKey, Duration timeout) throws IOException {
    SSHClient client = new SSHClient(CONFIG);
    client.addHostKeyVerifier(new PinnedHostKeyVerifier(hostKey.publicKeyBlob()));
    client.setConnectTimeout((int) timeout.toMillis());
    client.getTransport().setTimeoutMs((int) timeout.toMillis());
    try {
      client.connect("127.0.0.1", port);
      client.authPublickey("root", new KeyPairWrapper(clientKey.pair()));
      return new GuestConnection(client);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * The sshj client, connected and authenticated.
   *
   * @return the client
   */
  public SSHClient client() {
    return client;
  }

  /**
   * Runs a command and collects its output.
   *
   * @param command the shell command line
   * @param timeout how long it may run
   * @return its exit status and output
   * @throws IOException when the session fails
   * @throws TimeoutException when it did not end in time (its session is then closed)
   */
  public ExecResult exec(String command, Duration timeout) throws IOException, TimeoutException {
    Session session = client.startSession();
    boolean ended = false;
    try {
      Session.Command running = session.exec(command);
      CompletableFuture<byte[]> stdout = readAll(running.getInputStream());
      CompletableFuture<byte[]> stderr = readAll(running.getErrorStream());
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] out = stdout.get(remaining(deadline), TimeUnit.NANOSECONDS);
      byte[] err = stderr.get(remaining(deadline), TimeUnit.NANOSECONDS);
      running.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
      ended = true;
      Integer status = running.getExitStatus();
      return new ExecResult(
          status == null ? -1 : status,
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (ExecutionException e) {
      throw new IOException("reading the output of [" + command + "] failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running [" + command + "]", e);
    } finally {
      if (ended) {
        session.close();
      } else {
        abandon(session);
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /**
   * Lets go of a command that overran: closes its channel without waiting, since dropbear confirms
   * the close only once the command has ended. The command itself may run on in the guest.
   */
  private static void abandon(Session session) {
    STREAM_READERS.execute(
        () -> {
          try {
            session.close();
          } catch (IOException e) {
            // the connection is going or gone; nothing to release
          }
        });
  }

  private static CompletableFuture<byte[]> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        STREAM_READERS);
  }

  /** Flushes the guest's writes to the share ({@code sync}), then disconnects. Idempotent. */
  @Override
  public void close() {
    if (client.isConnected()) {
      try {
        exec("sync", Duration.ofSeconds(10));
      } catch (IOException | TimeoutException | RuntimeException e) {
        // The guest is gone or hung: nothing more to flush.
      }
    }
    try {
      client.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
