package dev.virtiofs.junit.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal client of QEMU's machine protocol (QMP): enough to read back the forwarded SSH port
 * and to quit. Replies are one JSON object a line; events in between are skipped.
 */
final class Qmp implements AutoCloseable {

  private static final Pattern HOST_FORWARD =
      Pattern.compile("TCP\\[HOST_FORWARD\\]\\s+\\d+\\s+127\\.0\\.0\\.1\\s+(\\d+)");

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
    String reply =
        execute(
            "{\"execute\":\"human-monitor-command\","
                + "\"arguments\":{\"command-line\":\"info usernet\"}}");
    Matcher matcher = HOST_FORWARD.matcher(reply);
    if (!matcher.find()) {
      throw new IOException("QEMU's 'info usernet' lists no SSH forward: " + reply);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** Asks QEMU to exit now. */
  void quit() throws IOException {
    out.write("{\"execute\":\"quit\"}\n");
    out.flush();
  }

  private String execute(String command) throws IOException {
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
