package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.ShareDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The guest side of the share-fault fixtures: one share per cache mode ({@code share0} is auto),
 * and what a reader, a writer, a stat and a process holding a file open see on each, measured at
 * once and recorded in a {@link FaultTable}.
 */
final class ShareFaults {

  static final Map<String, String> TAGS = Map.of("auto", "share0", "always", "always", "never", "never");

  /** Each probe creates files of a new name: a name the guest has seen may be cached. */
  private static final AtomicInteger PROBES = new AtomicInteger();

  private final Guest guest;
  private final FaultTable table;
  private String lastCreated = "none";

  ShareFaults(Guest guest, FaultTable table) {
    this.guest = guest;
    this.table = table;
  }

  /** cache mode -> the host directory of its share. */
  Map<String, Path> hostDirs() {
    Map<String, Path> dirs = new LinkedHashMap<>();
    FaultTable.CACHES.forEach(cache -> dirs.put(cache, guest.share(TAGS.get(cache)).hostDir()));
    return dirs;
  }

  String mountPoint(String cache) {
    return guest.share(TAGS.get(cache)).mountPoint();
  }

  /** A file {@code existing} with this line on each share. */
  void writeFiles(String line) throws IOException {
    for (Path dir : hostDirs().values()) {
      Files.writeString(dir.resolve("existing"), line + "\n");
    }
    Files.writeString(guest.share("bystander").hostDir().resolve("ok"), "ok\n");
  }

  /** The guest reads and stats {@code existing} on each share: what it may cache of it, it has. */
  void readAll() {
    FaultTable.CACHES.forEach(cache -> assertThat(guest.exec("cat " + mountPoint(cache) + "/existing && stat "
        + mountPoint(cache) + "/existing", Duration.ofSeconds(10)).succeeded()).as(cache).isTrue());
  }

  /**
   * Waits out {@code cache=auto}'s 1 s timeout of entries and attributes, so that the cells say
   * what each mode does once it counts (a deliberate wait: no condition to poll for).
   */
  static void outwaitAutoTimeout() throws InterruptedException {
    Thread.sleep(1_500);
  }

  /** Restarts the daemon of each share whose mount does not answer. */
  void restartUnhealthy() throws Exception {
    for (String cache : FaultTable.CACHES) {
      ShareDaemon daemon = guest.shareDaemon(TAGS.get(cache));
      daemon.resume();
      if (!FaultProbe.one(guest, "stat " + mountPoint(cache), FaultProbe.HANG).word().equals("ok")) {
        daemon.restart();
      }
    }
  }

  Writers openWriters() throws InterruptedException {
    Writers writers = new Writers();
    for (String cache : FaultTable.CACHES) {
      writers.held.put(cache, HeldWriter.open(guest, mountPoint(cache) + "/held"));
    }
    return writers;
  }

  void forEachDaemon(DaemonAction action) throws Exception {
    for (String cache : FaultTable.CACHES) {
      action.apply(guest.shareDaemon(TAGS.get(cache)));
    }
  }

  @FunctionalInterface
  interface DaemonAction {
    void apply(ShareDaemon daemon) throws Exception;
  }

  /** Reads, writes, stats and writes to the held files at once, and records what each saw. */
  void probe(String fault, Writers writers, Duration timeout) {
    measure(fault, writers, timeout, outcome -> outcome.word());
  }

  /** As {@link #probe}, for daemons paused for {@code pause}: did the requests wait for the resume? */
  void probePaused(String fault, Writers writers, Duration pause) {
    measure(fault, writers, pause.plusSeconds(20), outcome -> !outcome.word().equals("ok") ? outcome.word()
        : outcome.took().compareTo(pause.minusSeconds(1)) >= 0 ? "waits, then ok" : "ok at once");
  }

  private void measure(String fault, Writers writers, Duration timeout,
      java.util.function.Function<FaultProbe.Outcome, String> word) {
    Map<String, String> commands = new LinkedHashMap<>();
    lastCreated = "new-" + PROBES.incrementAndGet();
    for (String cache : FaultTable.CACHES) {
      String mp = mountPoint(cache);
      commands.put("read a file|" + cache, "cat " + mp + "/existing");
      commands.put("create a new file|" + cache, "echo after > " + mp + "/" + lastCreated);
    }
    String other = guest.share("bystander").mountPoint();
    commands.put("exec, and a share with no fault|", "cat " + other + "/ok && echo x > " + other + "/w");
    Map<String, CompletableFuture<FaultProbe.Outcome>> held = new LinkedHashMap<>();
    writers.held.forEach((cache, writer) -> held.put(cache, CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      try {
        return new FaultProbe.Outcome(writer.write(timeout), "", Duration.ofNanos(System.nanoTime() - start));
      } catch (IOException | InterruptedException e) {
        return new FaultProbe.Outcome("fails (" + e + ")", "", Duration.ofNanos(System.nanoTime() - start));
      }
    })));
    Map<String, FaultProbe.Outcome> seen = FaultProbe.all(guest, commands, timeout);
    held.forEach((cache, future) -> seen.put("write to a file opened before|" + cache, future.join()));
    for (String operation : Stream.of("read a file", "create a new file",
        "write to a file opened before").toList()) {
      for (String cache : FaultTable.CACHES) {
        FaultProbe.Outcome outcome = seen.get(operation + "|" + cache);
        table.record(fault + ": " + operation, cache, word.apply(outcome));
        table.timing(String.format("%s: %s, %s: %s in %d ms", fault, operation, cache, outcome.word(),
            outcome.took().toMillis()));
      }
    }
    FaultProbe.Outcome others = seen.get("exec, and a share with no fault|");
    FaultTable.CACHES.forEach(cache -> table.record(fault + ": exec, and a share with no fault", cache, others.word()));
    // an exec with a timeout returns within it, whatever the share does
    seen.values().forEach(outcome -> assertThat(outcome.took()).isLessThan(timeout.plusSeconds(3)));
  }

  /** Reads the file on each share and records whether the guest saw the host's new content. */
  void probeContent(String row, String newLine) {
    for (String cache : FaultTable.CACHES) {
      FaultProbe.Outcome outcome = FaultProbe.one(guest, "cat " + mountPoint(cache) + "/existing", FaultProbe.HANG);
      String word = !outcome.word().equals("ok") ? outcome.word()
          : outcome.stdout().equals(newLine + "\n") ? "new content"
          : outcome.stdout().equals("before\n") ? "old content" : "other content: " + outcome.stdout().strip();
      table.record(row, cache, word);
    }
  }

  /** The new file of each share's last probe reached the host. */
  void assertWrittenOnHost(String line) throws IOException {
    for (Map.Entry<String, Path> dir : hostDirs().entrySet()) {
      assertThat(dir.getValue().resolve(lastCreated)).as(dir.getKey()).hasContent(line);
    }
  }

  /**
   * Deletes a file the guest has read on the host, has the guest append to it, and records where
   * the line went.
   */
  void probeDeletedThenAppended(String row) throws IOException {
    for (Path dir : hostDirs().values()) {
      Files.writeString(dir.resolve("doomed"), "before\n");
    }
    FaultTable.CACHES.forEach(cache -> guest.exec("cat " + mountPoint(cache) + "/doomed", Duration.ofSeconds(10)));
    for (Path dir : hostDirs().values()) {
      Files.delete(dir.resolve("doomed"));
    }
    for (Map.Entry<String, Path> dir : hostDirs().entrySet()) {
      FaultProbe.Outcome outcome = FaultProbe.one(guest, "echo appended >> " + mountPoint(dir.getKey()) + "/doomed",
          FaultProbe.HANG);
      Path doomed = dir.getValue().resolve("doomed");
      table.record(row, dir.getKey(), !outcome.word().equals("ok") ? outcome.word()
          : Files.exists(doomed) ? "lands in a new file on the host" : "ok, but lost: written to the deleted file");
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** One process per share, each holding a file of it open. */
  static final class Writers implements AutoCloseable {
    final Map<String, HeldWriter> held = new LinkedHashMap<>();

    @Override
    public void close() {
      held.values().forEach(HeldWriter::close);
    }
  }
}
