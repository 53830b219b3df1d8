import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a real QEMU answers to the QMP commands the extension sends, as the files beside
 * this one (see README.md). A single-file program with the JDK alone (17 or later), so that it runs
 * in a bare Debian root too:
 *
 * <pre>
 * java RecordQmp.java qemu-system-x86_64 qemu-7.2
 * </pre>
 *
 * <p>It starts two paused QEMUs that never run a guest (q35, {@code -S}, no disk, no kernel): one
 * that answers and saves its state, one started with {@code -incoming defer} that restores it. It
 * stops each with {@code quit}, and kills what it started (and nothing else) if that fails.
 */
public class RecordQmp {

  private final Path out;
  private final Path work;
  private BufferedReader in;
  private Writer writer;

  private RecordQmp(Path out, Path work) {
    this.out = out;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java RecordQmp.java QEMU_BINARY OUTPUT_DIRECTORY");
      System.exit(2);
    }
    Path out = Files.createDirectories(Path.of(args[1]));
    // a fixed place, so that the recorded paths stay the same from one recording to the next
    Path work = Files.createDirectory(Path.of("/tmp/qmp-rec"));
    RecordQmp recorder = new RecordQmp(out, work);
    recorder.session(args[0], false);
    recorder.session(args[0], true);
    try (var files = Files.list(work)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(work);
    System.err.println("recorded into " + out);
  }

  private void session(String qemu, boolean incoming) throws Exception {
    Path socket = work.resolve(incoming ? "incoming.sock" : "source.sock");
    List<String> command = new ArrayList<>(List.of(qemu, "-machine", "q35", "-accel", "tcg", "-m", "64M",
        "-object", "memory-backend-file,id=mem,size=64M,share=on,mem-path=" + work.resolve("ram"),
        "-numa", "node,memdev=mem", "-nodefaults", "-no-user-config", "-display", "none", "-S",
        "-netdev", "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:0-:22",
        "-device", "virtio-net-pci,netdev=net0,romfile=",
        "-device", "pcie-root-port,id=port0,chassis=1,bus=pcie.0,addr=0x10",
        "-qmp", "unix:" + socket + ",server=on,wait=off"));
    if (incoming) {
      command.addAll(List.of("-incoming", "defer"));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve(incoming ? "incoming.log" : "source.log").toFile()).start();
    try (SocketChannel channel = connect(socket, process)) {
      in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
      writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
      if (incoming) {
        restore();
      } else {
        save();
      }
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("QEMU did not quit");
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private void save() throws IOException, InterruptedException {
    record("greeting", List.of());
    record("qmp_capabilities", List.of("{\"execute\":\"qmp_capabilities\"}"));
    record("query-status", List.of("{\"execute\":\"query-status\"}"));
    record("info-usernet", List.of(hmp("info usernet")));
    record("hostfwd_add", List.of(hmp("hostfwd_add net0 tcp:127.0.0.1:0-:8080")));
    record("info-usernet-two-forwards", List.of(hmp("info usernet")));
    record("hostfwd_add-unknown-netdev", List.of(hmp("hostfwd_add net9 tcp:127.0.0.1:0-:8080")));
    record("error-unknown-command", List.of("{\"execute\":\"no-such-command\"}"));
    record("error-device_add-bad-driver",
        List.of("{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"no-such-device\",\"id\":\"x0\"}}"));
    record("error-device_add-no-chardev", List.of("{\"execute\":\"device_add\",\"arguments\":"
        + "{\"driver\":\"vhost-user-fs-pci\",\"id\":\"fs0\",\"bus\":\"port0\",\"chardev\":\"vfs0\","
        + "\"tag\":\"data\",\"queue-size\":1024}}"));
    // a RESET event arrives after system_reset's own return: it precedes the next reply
    record("event-before-reply", List.of("{\"execute\":\"system_reset\"}", "{\"execute\":\"query-status\"}"));
    record("query-migrate-none", List.of("{\"execute\":\"query-migrate\"}"));
    record("migrate-set-capabilities", List.of("{\"execute\":\"migrate-set-capabilities\",\"arguments\":"
        + "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":true}]}}"));
    record("migrate-to-nowhere", List.of(migrate("migrate", "unix:" + work.resolve("nobody-listens.sock"))));
    poll("query-migrate-failed", null);
    record("migrate", List.of(migrate("migrate", "exec:cat > " + work.resolve("state"))));
    poll("query-migrate-completed", "query-migrate-in-progress");
    send("{\"execute\":\"quit\"}");
    List<String> untilTheEnd = new ArrayList<>();
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        untilTheEnd.add(line);
      }
    } catch (SocketException e) {
      // QEMU exited before the socket was read to its end: nothing was lost
    }
    write("quit", List.of("{\"execute\":\"quit\"}"), List.of(untilTheEnd));
  }

  private void restore() throws IOException, InterruptedException {
    readReply(); // the greeting, recorded above
    send("{\"execute\":\"qmp_capabilities\"}");
    readReply();
    record("query-status-inmigrate", List.of("{\"execute\":\"query-status\"}"));
    send("{\"execute\":\"migrate-set-capabilities\",\"arguments\":"
        + "{\"capabilities\":[{\"capability\":\"x-ignore-shared\",\"state\":true}]}}");
    readReply();
    record("migrate-incoming", List.of(migrate("migrate-incoming", "exec:cat " + work.resolve("state"))));
    poll("query-migrate-incoming-completed", null);
    record("device_add", List.of("{\"execute\":\"device_add\",\"arguments\":"
        + "{\"driver\":\"virtio-rng-pci\",\"id\":\"rng0\",\"bus\":\"port0\"}}"));
    send("{\"execute\":\"quit\"}");
    try {
      while (in.readLine() != null) {
        // up to QEMU's end
      }
    } catch (SocketException e) {
      // QEMU exited before the socket was read to its end
    }
  }

  /** Polls query-migrate until the migration ends; the first answer in between is kept too. */
  private void poll(String end, String between) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    boolean kept = between == null;
    while (Instant.now().isBefore(deadline)) {
      send("{\"execute\":\"query-migrate\"}");
      List<String> reply = readReply();
      String last = reply.get(reply.size() - 1);
      boolean done = last.contains("\"completed\"") || last.contains("\"failed\"");
      if (done || !kept) {
        write(done ? end : between, List.of("{\"execute\":\"query-migrate\"}"), List.of(reply));
        kept = true;
      }
      if (done) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the migration did not end within 30 s");
  }

  private void record(String name, List<String> requests) throws IOException {
    List<List<String>> replies = new ArrayList<>();
    if (requests.isEmpty()) {
      replies.add(readReply());
    }
    for (String request : requests) {
      send(request);
      replies.add(readReply());
    }
    write(name, requests, replies);
  }

  private void write(String name, List<String> requests, List<List<String>> replies) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < replies.size(); i++) {
      if (i < requests.size()) {
        lines.add("-> " + requests.get(i));
      }
      replies.get(i).forEach(line -> lines.add("<- " + line));
    }
    Files.write(out.resolve(name + ".qmp"), lines);
  }

  private void send(String request) throws IOException {
    writer.write(request + "\n");
    writer.flush();
  }

  /** The lines up to the first that is no event: QEMU's reply (or greeting), events before it. */
  private List<String> readReply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("QEMU closed its QMP socket after " + lines);
      }
      lines.add(line);
      if (!line.startsWith("{\"event\"") && !line.startsWith("{\"timestamp\"")) {
        return lines;
      }
    }
  }

  private static String hmp(String commandLine) {
    return "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"" + commandLine + "\"}}";
  }

  private static String migrate(String command, String uri) {
    return "{\"execute\":\"" + command + "\",\"arguments\":{\"uri\":\"" + uri + "\"}}";
  }

  private static SocketChannel connect(Path socket, Process process) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("QEMU did not answer on " + socket + " (alive: " + process.isAlive() + ")");
  }
}
