package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonElement;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A minimal client of QEMU's machine protocol (QMP): enough to read back the forwarded SSH port,
 * to save and restore a snapshot, to plug a device in and to quit. Commands are {@link
 * QmpCommand}s; each line QEMU writes back is a {@link QmpMessage}: the reply, or an event before
 * it, which is skipped.
 *
 * <p>Failure modes: QEMU's error reply becomes a {@link QmpException} naming the command and QEMU's
 * reason; a closed socket or a line that is no QMP an {@link IOException} saying so.
 */
final class Qmp implements AutoCloseable {

  private static final Logger LOG = System.getLogger(Qmp.class.getName());

  private final BufferedReader in;
  private final Writer out;
  private final Closeable connection;
  private String version = "(version unknown)";

  private Qmp(BufferedReader in, Writer out, Closeable connection) {
    this.in = in;
    this.out = out;
    this.connection = connection;
  }

  /**
   * Connects to QEMU's QMP socket and leaves capability negotiation.
   *
   * @param socket the socket given to {@code -qmp unix:...}
   * @return the client
   * @throws IOException when the socket does not answer as QMP does
   */
  static Qmp connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    return over(new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 64 * 1024),
        Channels.newWriter(channel, StandardCharsets.UTF_8), channel);
  }

  /**
   * A client over a connection that is already open (the seam for tests, which replay QEMU's
   * recorded replies): reads the greeting, sends {@code qmp_capabilities}.
   *
   * @param in what QEMU writes
   * @param out what QEMU reads
   * @param connection closed with the client
   * @return the client
   * @throws IOException when the other side does not answer as QMP does; the connection is closed
   */
  static Qmp over(BufferedReader in, Writer out, Closeable connection) throws IOException {
    Qmp qmp = new Qmp(in, out, connection);
    try {
      QmpMessage greeting = qmp.read();
      if (!(greeting instanceof QmpMessage.Greeting hello)) {
        throw new IOException("QEMU's QMP socket did not start with a greeting but with " + greeting);
      }
      qmp.version = hello.version();
      qmp.execute(QmpCommand.CAPABILITIES);
      return qmp;
    } catch (IOException e) {
      qmp.close();
      throw e;
    }
  }

  /**
   * QEMU's version, from its greeting.
   *
   * @return such as {@code 7.2.22}
   */
  String version() {
    return version;
  }

  /** The host port QEMU bound for the SSH forward (asked for as port 0). */
  int forwardedSshPort() throws IOException {
    String usernet = humanMonitor("info usernet");
    return UsernetForwards.hostPort(usernet, QemuSpec.GUEST_SSH_PORT).orElseThrow(
        () -> new IOException("QEMU's 'info usernet' lists no SSH forward: " + usernet));
  }

  /**
   * Runs a human monitor command and returns its output. A refusal is output too, not an error.
   *
   * @param commandLine the monitor command, such as {@code info usernet}
   * @return its output, with QEMU's {@code \r\n} line ends; empty for none
   */
  String humanMonitor(String commandLine) throws IOException {
    QmpCommand command = QmpCommand.humanMonitor(commandLine);
    JsonElement output = execute(command);
    if (!output.isJsonPrimitive()) {
      throw new IOException("QEMU returned no text for " + command + " but " + output);
    }
    return output.getAsString();
  }

  /**
   * Starts writing the devices' state to a URI (RAM excluded: it is the memory file).
   *
   * @param uri a QEMU migration URI, such as {@code exec:cat > FILE}
   */
  void migrate(String uri) throws IOException {
    execute(QmpCommand.IGNORE_SHARED_MEMORY);
    execute(QmpCommand.migrate(uri));
  }

  /**
   * Starts reading the devices' state from a URI, into a QEMU started with {@code -incoming defer}.
   *
   * @param uri a QEMU migration URI, such as {@code exec:cat FILE}
   */
  void migrateIncoming(String uri) throws IOException {
    execute(QmpCommand.IGNORE_SHARED_MEMORY);
    execute(QmpCommand.migrateIncoming(uri));
  }

  /** Where the migration stands. */
  MigrationStatus migrationStatus() throws IOException {
    return MigrationStatus.of(execute(QmpCommand.QUERY_MIGRATE));
  }

  /** Plugs a device in; QEMU answers once it exists. */
  void deviceAdd(Map<String, ?> properties) throws IOException {
    execute(QmpCommand.deviceAdd(properties));
  }

  /** Asks QEMU to exit now, without waiting for its reply: QEMU may be gone before it is read. */
  synchronized void quit() throws IOException {
    send(QmpCommand.QUIT);
  }

  /**
   * One command and its reply; callers from several threads (hostPort, teardown) take turns.
   *
   * @param command the command
   * @return what it returned
   * @throws QmpException when QEMU refuses it
   * @throws IOException when the socket fails or closes
   */
  synchronized JsonElement execute(QmpCommand command) throws IOException {
    send(command);
    while (true) {
      QmpMessage message = read();
      if (message instanceof QmpMessage.Success success) {
        return success.value();
      } else if (message instanceof QmpMessage.Failure failure) {
        throw new QmpException(command, failure, version);
      } else if (message instanceof QmpMessage.Event event) {
        LOG.log(Level.DEBUG, "QMP event {0} while waiting for the reply to {1}", event.name(),
            command.name());
      } else {
        throw new IOException("QEMU answered " + command + " with " + message);
      }
    }
  }

  private void send(QmpCommand command) throws IOException {
    out.write(command.json());
    out.write('\n');
    out.flush();
  }

  private QmpMessage read() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("QEMU closed its QMP socket");
    }
    return QmpMessage.parse(line);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
