package dev.virtiofs.junit.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.ExtensionInternals;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The benchmark: {@code ./mvnw -B -Pbenchmark verify}. Every figure goes through the extension as
 * users use it; timings are repeated after a warm-up and given as min, median and max in ms.
 * Results: {@code target/benchmark/results.json} and a table on standard output.
 */
class Benchmark {

  static final Map<String, Long> MARKS = new ConcurrentHashMap<>();
  static final Map<String, Object> INSIDE = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  static final Map<String, String> LAST = new ConcurrentHashMap<>();
  static final int RUNS = 5;
  static final int PAIRED_RUNS = 9;

  @Test
  void measure() throws IOException, InterruptedException {
    Map<String, Object> results = new LinkedHashMap<>();
    run(Trivial.class); // warm-up: JIT, image unpacking, accelerator choice
    run(Map.of(ExtensionInternals.GUEST_KERNEL_PROPERTY_NAME, "6.1"), Trivial.class); // and the older kernel line's snapshot
    // the extension, its floor and the older kernel take turns, so that a slower minute of the
    // machine hits all three (raw-boot.sh repeats the last guest: a default one)
    List<Long> cold = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    List<Long> older = new ArrayList<>();
    for (int i = 0; i < PAIRED_RUNS; i++) {
      older.addAll(coldBoots(Trivial.class, 1, Map.of(ExtensionInternals.GUEST_KERNEL_PROPERTY_NAME, "6.1")));
      cold.addAll(coldBoots(Trivial.class, 1));
      raw.add(rawBoot());
    }
    results.put("coldBootToSshMs", stats(cold));
    results.put("rawBootToSshMs", stats(raw));
    results.put("coldBootKernel61Ms", stats(older));
    results.put("fullBootToSshMs", stats(coldBoots(Trivial.class, RUNS, false)));
    results.put("coldBootToSshjExecMs", stats(coldBoots(TrivialOverSshj.class, RUNS)));
    results.put("coldBootHostUserlandMs", stats(coldBoots(TrivialHostUserland.class, RUNS)));
    List<Long> suite = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      launch(Trivial.class, Trivial2.class, Trivial3.class, Trivial4.class, Trivial5.class, Trivial6.class,
          Trivial7.class, Trivial8.class);
      suite.add((System.nanoTime() - start) / 1_000_000);
    }
    results.put("suite8ClassesMs", stats(suite));
    run(Inside.class);
    run(ProcessesInside.class);
    results.putAll(INSIDE);
    results.put("host", host());
    Path dir = Files.createDirectories(Path.of(System.getProperty("benchmark.results", "target/benchmark")));
    Files.writeString(dir.resolve("results.json"), json(results) + "\n");
    System.out.println("virtiofs-junit benchmark (" + dir.resolve("results.json") + ")");
    results.forEach((key, value) -> System.out.printf("  %-24s %s%n", key, json(value)));
  }

  /** From the class's beforeAll to the end of its first command in the guest, this many times. */
  private static List<Long> coldBoots(Class<?> testClass, int runs) {
    return coldBoots(testClass, runs, true);
  }

  /** As above; without snapshots, every guest boots from scratch. */
  private static List<Long> coldBoots(Class<?> testClass, int runs, boolean snapshots) {
    return coldBoots(testClass, runs, Map.of("virtiofs.snapshots", Boolean.toString(snapshots)));
  }

  /** As above, with these configuration parameters. */
  private static List<Long> coldBoots(Class<?> testClass, int runs, Map<String, String> configuration) {
    List<Long> cold = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      MARKS.clear();
      run(configuration, testClass);
      cold.add((MARKS.get("firstExec") - MARKS.get("beforeAll")) / 1_000_000);
    }
    return cold;
  }

  /**
   * The floor: the command lines the extension logged for the last Trivial guest, booted from a
   * shell script (raw-boot.sh) with no Java, to the first `true` through the same exec port.
   */
  private static long rawBoot() throws IOException, InterruptedException {
    Path script = Path.of("src/test/resources/raw-boot.sh").toAbsolutePath();
    Process process = new ProcessBuilder("bash", script.toString(), LAST.get("logDir"), LAST.get("runDir"),
        LAST.get("shareDir"), LAST.get("files"), LAST.get("snapshot")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("raw-boot.sh failed with status " + process.exitValue() + ": " + out);
    }
    return Long.parseLong(out);
  }

  private static Map<String, Object> host() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("target"), "host-disk-");
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("seqWrite256MiBMBps", ddRate(() -> sh("dd if=/dev/zero of=" + dir + "/f bs=1M count=256 conv=fsync")));
    host.put("seqRead256MiBMBps", ddRate(() -> sh("dd if=" + dir + "/f of=/dev/null bs=1M iflag=direct")));
    Files.delete(dir.resolve("f"));
    long t0 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      Files.createFile(dir.resolve("f" + i));
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      Files.readAttributes(dir.resolve("f" + i), "unix:mode");
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      Files.delete(dir.resolve("f" + i));
    }
    long t3 = System.nanoTime();
    Files.delete(dir);
    host.put("create10kOpsPerSec", 10_000L * 1_000_000_000L / (t1 - t0));
    host.put("stat10kOpsPerSec", 10_000L * 1_000_000_000L / (t2 - t1));
    host.put("unlink10kOpsPerSec", 10_000L * 1_000_000_000L / (t3 - t2));
    return host;
  }

  private static long sh(String command) {
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor();
      return System.nanoTime() - start;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static long ddRate(Supplier<Long> nanos) {
    return 256L * 1_000_000_000L / nanos.get();
  }

  static Map<String, Long> stats(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    Map<String, Long> stats = new LinkedHashMap<>();
    stats.put("min", sorted[0]);
    stats.put("median", sorted[sorted.length / 2]);
    stats.put("max", sorted[sorted.length - 1]);
    return stats;
  }

  static String json(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + json(e.getValue()))
          .collect(Collectors.joining(",", "{", "}"));
    }
    return value instanceof Number ? value.toString() : "\"" + value + "\"";
  }

  private static void run(Class<?>... classes) {
    run(Map.of(), classes);
  }

  private static void run(Map<String, String> parameters, Class<?>... classes) {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .configurationParameters(parameters)
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .execute().testEvents().assertStatistics(s -> s.failed(0));
  }

  /** Runs classes as a build tool does, through the launcher (so the class order is known). */
  private static void launch(Class<?>... classes) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        .build(), summary);
    if (summary.getSummary().getTotalFailureCount() > 0 || summary.getSummary().getTestsSucceededCount() != classes.length) {
      throw new IllegalStateException("the suite failed: " + summary.getSummary().getFailures());
    }
  }

  /** Marks the start of the class, registered before the extension, so it runs first. */
  static class Stopwatch implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      MARKS.put("beforeAll", System.nanoTime());
    }
  }

  @ExtendWith(Stopwatch.class)
  @VirtioFsVm
  @Disabled("Run by Benchmark")
  static class Trivial {
    @Test
    void firstTest(Guest guest) throws IOException {
      if (!guest.exec("true").succeeded()) {
        throw new IllegalStateException("true failed in the guest");
      }
      MARKS.putIfAbsent("firstExec", System.nanoTime());
      GuestInternals running = GuestInternals.of(guest);
      Path files = Files.createDirectories(Path.of("target/benchmark/raw-files").toAbsolutePath());
      for (String name : List.of("hostkey", "authorized_keys", "guest.conf")) {
        Files.copy(running.runDir().resolve(name), files.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      LAST.put("logDir", running.logDir().toString());
      LAST.put("runDir", running.runDir().toString());
      LAST.put("shareDir", guest.sharedDir().toString());
      LAST.put("files", files.toString());
      Path snapshot = running.logDir().resolve("snapshot.txt");
      LAST.put("snapshot", Files.exists(snapshot) ? Files.readString(snapshot).strip() : "");
    }
  }

  @ExtendWith(Stopwatch.class)
  @VirtioFsVm
  @Disabled("Run by Benchmark")
  static class TrivialOverSshj {
    @Test
    void firstTest(SSHClient ssh) throws IOException {
      try (Session session = ssh.startSession()) {
        Session.Command command = session.exec("true");
        command.join();
        if (command.getExitStatus() == null || command.getExitStatus() != 0) {
          throw new IllegalStateException("true failed over SSH");
        }
      }
      MARKS.putIfAbsent("firstExec", System.nanoTime());
    }
  }

  @ExtendWith(Stopwatch.class)
  @VirtioFsVm(hostUserland = true)
  @Disabled("Run by Benchmark")
  static class TrivialHostUserland {
    @Test
    void firstTest(Guest guest) {
      if (!guest.exec("stat --version").stdout().contains("GNU")) {
        throw new IllegalStateException("no host userland in the guest");
      }
      MARKS.putIfAbsent("firstExec", System.nanoTime());
    }
  }

  @Disabled("Run by Benchmark") static class Trivial2 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial3 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial4 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial5 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial6 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial7 extends Trivial {}
  @Disabled("Run by Benchmark") static class Trivial8 extends Trivial {}

  @VirtioFsVm
  @Share(tag = "always", mountPoint = "/mnt/always", cache = "always")
  @Share(tag = "never", mountPoint = "/mnt/never", cache = "never")
  @Share(tag = "metadata", mountPoint = "/mnt/metadata", cache = "metadata")
  @Disabled("Run by Benchmark")
  static class Inside {
    @Test
    void measures(Guest guest) throws IOException {
      for (int i = 0; i < 10; i++) {
        guest.exec("true");
      }
      List<Long> exec = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long start = System.nanoTime();
        guest.exec("true");
        exec.add((System.nanoTime() - start) / 1_000_000);
      }
      INSIDE.put("execTrueMs", stats(exec));
      INSIDE.put("rssPerVmMiB", rssMiB(GuestInternals.of(guest)));
      INSIDE.put("accel", Files.readString(GuestInternals.of(guest).logDir().resolve("qemu.cmdline"))
          .contains("-accel kvm") ? "kvm" : "tcg");
      INSIDE.put("guestMemcpy256MiBMBps", ddRate(() -> timed(guest, "dd if=/dev/zero of=/dev/null bs=1M count=256")));
      for (String tag : List.of("share0", "always", "never", "metadata")) {
        String m = guest.share(tag).mountPoint();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seqWrite256MiBMBps", ddRate(() -> timed(guest, "dd if=/dev/zero of=" + m + "/f bs=1M count=256 conv=fsync")));
        guest.dropCaches();
        figures.put("seqRead256MiBMBps", ddRate(() -> timed(guest, "dd if=" + m + "/f of=/dev/null bs=1M")));
        guest.exec("rm " + m + "/f");
        figures.put("create10kOpsPerSec", ops(timed(guest, "mkdir " + m + "/d && cd " + m + "/d && seq 10000 | xargs touch")));
        guest.dropCaches();
        figures.put("stat10kOpsPerSec", ops(timed(guest, "ls -l " + m + "/d > /dev/null")));
        figures.put("unlink10kOpsPerSec", ops(timed(guest, "rm -rf " + m + "/d")));
        INSIDE.put("virtiofs-" + (tag.equals("share0") ? "auto" : tag), figures);
      }
    }

    private static long ops(long nanos) {
      return 10_000L * 1_000_000_000L / nanos;
    }

    private static long timed(Guest guest, String command) {
      long start = System.nanoTime();
      ExecResult result = guest.exec(command);
      if (!result.succeeded()) {
        throw new IllegalStateException(command + ": " + result.stderr());
      }
      return System.nanoTime() - start;
    }

    private static long rssMiB(GuestInternals guest) throws IOException {
      long kib = 0;
      List<ProcessHandle> processes = guest.guards().stream()
          .flatMap(ProcessHandle::descendants)
          .filter(p -> !p.info().command().orElse("").matches(".*/(sh|dash|bash|setsid|setpriv)"))
          .toList();
      for (ProcessHandle process : processes) {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            kib += Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      }
      return kib / 1024;
    }
  }
}
