package dev.virtiofs.junit.internal.ssh;

import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.RawResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;

/**
 * The SSH connection to one guest, as root, with the guest's host key pinned. Commands run each in
 * a session of their own on this one connection, which costs a channel open rather than a key
 * exchange.
 */
public final class GuestConnection implements CommandRunner, AutoCloseable {

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
   * Runs a command, feeding it standard input, and collects its output as bytes. Standard input
   * is not closed after the data, so the command must read exactly {@code stdin.length} bytes
   * (as {@code head -c N} does) or none.
   *
   * @param command the shell command line
   * @param stdin what the command reads, or {@code null} for nothing
   * @param timeout how long it may take
   * @return its exit status and output
   * @throws IOException when the session fails
   * @throws TimeoutException when it did not end in time
   */
  public RawResult exec(String command, byte[] stdin, Duration timeout)
      throws IOException, TimeoutException {
    AtomicReference<Session> session = new AtomicReference<>();
    CompletableFuture<RawResult> result =
        CompletableFuture.supplyAsync(() -> run(command, stdin, session), STREAM_READERS);
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(session);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw new IOException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      abandon(session);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running [" + command + "]", e);
    }
  }

  @Override
  public RawResult run(String command, byte[] stdin, Duration timeout) throws IOException, TimeoutException {
    return exec(command, stdin, timeout);
  }

  @Override
  public String name() {
    return "SSH";
  }

  private RawResult run(String command, byte[] stdin, AtomicReference<Session> holder) {
    try (Session session = client.startSession()) {
      holder.set(session);
      Session.Command running = session.exec(command);
      CompletableFuture<byte[]> stderr = readAll(running.getErrorStream());
      CompletableFuture<byte[]> stdout = readAll(running.getInputStream());
      OutputStream in = running.getOutputStream();
      if (stdin == null) {
        in.close();
      } else {
        // No end-of-file after the data: dropbear can drop what it still buffers for the command
        // when EOF arrives (seen: 1 KiB lost of 5 MiB). Commands fed this way read a known length.
        in.write(stdin);
        in.flush();
      }
      byte[] out = stdout.join();
      byte[] err = stderr.join();
      running.join();
      Integer status = running.getExitStatus();
      return new RawResult(status == null ? -1 : status, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lets go of a command that overran: closes its channel on another thread, since dropbear
   * confirms the close only once the command has ended. The command itself may run on in the
   * guest.
   */
  private static void abandon(AtomicReference<Session> session) {
    STREAM_READERS.execute(
        () -> {
          Session open = session.get();
          if (open != null) {
            try {
              open.close();
            } catch (IOException e) {
              // the connection is going or gone; nothing to release
            }
          }
        });
  }

  private static CompletableFuture<byte[]> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        STREAM_READERS);
  }

  /** Disconnects. Idempotent. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
