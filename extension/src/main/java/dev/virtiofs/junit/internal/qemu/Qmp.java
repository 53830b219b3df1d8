package dev.virtiofs.junit.internal.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal client of QEMU's machine protocol (QMP): enough to read back the forwarded SSH port,
 * to save and restore a snapshot, to plug a device in and to quit. Replies are one JSON object a
 * line; events in between are skipped.
 */
final class Qmp implements AutoCloseable {

  private static final Pattern MIGRATION_STATUS = Pattern.compile("\"status\": \"([a-z-]+)\"");
  private static final Pattern ERROR_DESC = Pattern.compile("\"error-desc\": \"((?:[^\"\\\\]|\\\\.)*)\"");

  private final SocketChannel channel;
  private final BufferedReader in;
  private final Writer out;

  private Qmp(SocketChannel channel) {
    this.channel = channel;
    this.in =
        new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 64 * 1024);
    this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
  }

  static Qmp connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    Qmp qmp = new Qmp(channel);
    try {
      qmp.readLine(); // greeting
      qmp.execute("{\"execute\":\"qmp_capabilities\"}");
      return qmp;
    } catch (IOException e) {
      qmp.close();
      throw e;
    }
  }

  /** The host port QEMU bound for the SSH forward (asked for as port 0). */
  int forwardedSshPort() throws IOException {
    String usernet = humanMonitor("info usernet");
    return UsernetForwards.hostPort(usernet, QemuSpec.GUEST_SSH_PORT).orElseThrow(
        () -> new IOException("QEMU's 'info usernet' lists no SSH forward: " + usernet));
  }

  /**
   * Runs a human monitor command and returns its output, as the JSON string QMP wraps it in.
   *
   * @param commandLine the monitor command, such as {@code info usernet}
   */
  String humanMonitor(String commandLine) throws IOException {
    String reply = execute("{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":"
        + json(commandLine) + "}}");
    return reply.substring("{\"return\": ".length(), Math.max("{\"return\": ".length(), reply.lastIndexOf('}'))).strip();
  }

  /**
   * Starts writing the devices' state to a URI (RAM excluded: it is the memory file).
   *
   * @param uri a QEMU migration URI, such as {@code exec:cat > FILE}
   */
  void migrate(String uri) throws IOException {
    ignoreSharedMemory();
    execute("{\"execute\":\"migrate\",\"arguments\":{\"uri\":" + json(uri) + "}}");
  }

  /**
   * Starts reading the devices' state from a URI, into a QEMU started with {@code -incoming defer}.
   *
   * @param uri a QEMU migration URI, such as {@code exec:cat FILE}
   */
  void migrateIncoming(String uri) throws IOException {
    ignoreSharedMemory();
    execute("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":" + json(uri) + "}}");
  }

  /**
   * The migration's status: {@code completed} when done, {@code failed} with QEMU's reason after
   * a colon, otherwise a status still in progress.
   */
  String migrationStatus() throws IOException {
    String reply = execute("{\"execute\":\"query-migrate\"}");
    Matcher status = MIGRATION_STATUS.matcher(reply);
    if (!status.find()) {
      return "none";
    }
    Matcher error = ERROR_DESC.matcher(reply);
    return status.group(1) + (error.find() ? ": " + error.group(1) : "");
  }

  /** Plugs a device in; QEMU answers once it exists. */
  void deviceAdd(Map<String, Object> arguments) throws IOException {
    StringBuilder json = new StringBuilder("{\"execute\":\"device_add\",\"arguments\":{");
    String separator = "";
    for (Map.Entry<String, Object> argument : arguments.entrySet()) {
      json.append(separator).append(json(argument.getKey())).append(':');
      json.append(argument.getValue() instanceof Number ? argument.getValue().toString() : json(argument.getValue().toString()));
      separator = ",";
    }
    execute(json.append("}}").toString());
  }

  /** The guest's RAM is a shared file that the other side maps itself: it is not sent. */
  private void ignoreSharedMemory() throws IOException {
    execute("{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":"
        + "[{\"capability\":\"x-ignore-shared\",\"state\":true}]}}");
  }

  /** A JSON string. */
  static String json(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Asks QEMU to exit now. */
  synchronized void quit() throws IOException {
    out.write("{\"execute\":\"quit\"}\n");
    out.flush();
  }

  /** One command and its reply; callers from several threads (hostPort, teardown) take turns. */
  private synchronized String execute(String command) throws IOException {
    out.write(command);
    out.write('\n');
    out.flush();
    while (true) {
      String line = readLine();
      if (line.startsWith("{\"return\"")) {
        return line;
      }
      if (line.startsWith("{\"error\"")) {
        throw new IOException("QMP command " + command + " failed: " + line);
      }
    }
  }

  private String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("QEMU closed its QMP socket");
    }
    return line;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
