package dev.virtiofs.junit.internal.kept;

import dev.virtiofs.junit.internal.rundir.RunDirectory;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.files.Directories;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.group.GuestGroup;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Guests kept running after a failed class ({@code keepOnFailure}), so that a person can log in
 * and look. Each is registered in {@code kept/<id>.properties} of the cache ({@code
 * CacheDirectory}, by default {@code ~/.cache/virtiofs-junit}); {@code
 * list} shows them and {@code stop} ends them: their guards get SIGTERM, which takes QEMU and
 * virtiofsd down, and their run directory and temporary shares are removed.
 *
 * <p>Command line: {@code java -cp <virtiofs-junit jar> dev.virtiofs.junit.internal.kept.KeptGuests list|stop
 * ID|stop --all}; in the source tree, {@code host/kept-guests}.
 */
public final class KeptGuests {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private KeptGuests() {}

  /**
   * One kept guest.
   *
   * @param id its name in the registry
   * @param testClass the class it was booted for
   * @param sshCommand how to log in
   * @param guards the pids of its process guards
   * @param runDir its run directory
   * @param temporaryShares the temporary shares to remove with it
   */
  public record Kept(String id, String testClass, String sshCommand, List<Long> guards, Path runDir,
      List<Path> temporaryShares) {}

  /**
   * Keeps a guest running beyond its class: detaches its QEMU and virtiofsd from this JVM (their
   * guards no longer stop them when the class ends or the JVM exits), keeps its run directory and
   * temporary shares (their {@code close()} becomes a no-op) and registers it.
   *
   * @param guest the guest of a failed class
   * @param testClass its class
   * @param runDir its run directory, as the class's store holds it
   * @param temporaryShares its temporary shares, as the class's store holds them
   * @return the registry entry
   */
  public static Kept keep(RunningGuest guest, Class<?> testClass, OwnedDirectory runDir,
      List<OwnedDirectory> temporaryShares) {
    List<Long> guards = new ArrayList<>();
    guest.qemu().detach();
    guards.add(guest.qemu().process().handle().pid());
    for (VirtiofsdProcess daemon : guest.virtiofsds()) {
      daemon.detach();
      guards.add(daemon.process().handle().pid());
    }
    temporaryShares.forEach(OwnedDirectory::keep);
    runDir.keep();
    return register(guest, testClass, guards, temporaryShares.stream().map(OwnedDirectory::path).toList());
  }

  /**
   * Keeps every guest of a failed class ({@link #keep}): each with its run directory, the first
   * with the temporary shares they have in common (stopping another guest leaves them).
   *
   * @param guests the class's guests, in order
   * @param testClass the class
   * @param owned the directory the class's store owns under a key, if any
   * @return the registry entries, in order
   */
  public static List<Kept> keepAll(List<RunningGuest> guests, Class<?> testClass,
      Function<String, Optional<OwnedDirectory>> owned) {
    List<OwnedDirectory> temporaryShares = guests.get(0).shares().stream()
        .flatMap(share -> owned.apply(GuestStarter.SHARE_KEY_PREFIX + share.tag()).stream())
        .toList();
    List<Kept> kept = new ArrayList<>();
    for (int i = 0; i < guests.size(); i++) {
      String runDir = guests.size() == 1 ? GuestStarter.RUN_DIR_KEY : GuestGroup.key(i, GuestStarter.RUN_DIR_KEY);
      kept.add(keep(guests.get(i), testClass, owned.apply(runDir).orElseThrow(), i == 0 ? temporaryShares : List.of()));
    }
    return kept;
  }

  /**
   * What to tell a person about a kept guest: how to log in and how to stop it.
   *
   * @param kept the kept guest
   * @param testClass its class
   * @return the lines, ending with a line break
   */
  public static String instructions(Kept kept, Class<?> testClass) {
    return String.format("virtiofs-junit: kept the guest of %s, which failed. Log in with:%n  %s%n"
            + "Stop it with host/kept-guests stop %s (or: java -cp <virtiofs-junit jar> %s stop %s)%n",
        testClass.getSimpleName(), kept.sshCommand(), kept.id(), KeptGuests.class.getName(), kept.id());
  }

  /**
   * Registers a guest whose processes were detached.
   *
   * @param guest the guest
   * @param testClass its class
   * @param guards the pids of its process guards
   * @param temporaryShares the temporary shares to remove when it is stopped
   * @return the registry entry
   */
  public static Kept register(RunningGuest guest, Class<?> testClass, List<Long> guards, List<Path> temporaryShares) {
    String id = testClass.getSimpleName() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + "-"
        + guest.qemu().sshPort();
    Kept kept = new Kept(id, testClass.getName(), guest.sshCommand(), guards, guest.runDir(), temporaryShares);
    Properties properties = new Properties();
    properties.setProperty("testClass", kept.testClass());
    properties.setProperty("ssh", kept.sshCommand());
    properties.setProperty("guards", String.join(",", guards.stream().map(String::valueOf).toList()));
    properties.setProperty("runDir", kept.runDir().toString());
    properties.setProperty("temporaryShares", String.join("\n", temporaryShares.stream().map(Path::toString).toList()));
    try {
      Files.createDirectories(registry());
      try (OutputStream out = Files.newOutputStream(registry().resolve(id + ".properties"))) {
        properties.store(out, "a guest kept by virtiofs-junit; stop it with KeptGuests stop " + id);
      }
      RunDirectory.markKept(guest.runDir(), id);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not register the kept guest in " + registry(), e);
    }
    return kept;
  }

  /**
   * The kept guests.
   *
   * @return them, by id
   */
  public static List<Kept> list() {
    List<Kept> kept = new ArrayList<>();
    if (!Files.isDirectory(registry())) {
      return kept;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(registry(), "*.properties")) {
      for (Path entry : entries) {
        kept.add(read(entry));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kept.sort((a, b) -> a.id().compareTo(b.id()));
    return kept;
  }

  /**
   * Stops a kept guest and removes what it leaves.
   *
   * @param id its id, as {@link #list()} gives it
   * @throws IllegalArgumentException when there is no such guest
   */
  public static void stop(String id) {
    Path entry = registry().resolve(id + ".properties");
    if (!Files.isRegularFile(entry)) {
      throw new IllegalArgumentException("No kept guest [" + id + "]; kept are " + list().stream().map(Kept::id).toList());
    }
    Kept kept = read(entry);
    List<ProcessHandle> guards = kept.guards().stream()
        .flatMap(pid -> ProcessHandle.of(pid).stream())
        .filter(p -> p.info().commandLine().orElse("").contains("virtiofs-junit-guard"))
        .toList();
    List<ProcessHandle> all = guards.stream().flatMap(g -> Stream.concat(Stream.of(g), g.descendants())).toList();
    guards.forEach(ProcessHandle::destroy);
    try {
      await("kept guest " + id + " to stop").atMost(STOP_TIMEOUT).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    } catch (ConditionTimeoutException e) {
      all.forEach(ProcessHandle::destroyForcibly);
    }
    try {
      for (Path share : kept.temporaryShares()) {
        Directories.deleteRecursively(share);
      }
      Directories.deleteRecursively(kept.runDir());
      Files.delete(entry);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove what kept guest " + id + " left: " + e.getMessage(), e);
    }
  }

  /**
   * The command: {@code list}, {@code stop ID} or {@code stop --all}.
   *
   * @param args the command
   */
  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("list")) {
      List<Kept> kept = list();
      if (kept.isEmpty()) {
        System.out.println("No kept guests.");
      }
      for (Kept guest : kept) {
        System.out.printf("%s  (%s)%n  log in: %s%n", guest.id(), guest.testClass(), guest.sshCommand());
      }
    } else if (args.length == 2 && args[0].equals("stop")) {
      List<String> ids = args[1].equals("--all") ? list().stream().map(Kept::id).toList() : List.of(args[1]);
      for (String id : ids) {
        stop(id);
        System.out.println("Stopped " + id);
      }
    } else {
      System.err.println("usage: KeptGuests list | stop ID | stop --all (given: " + Arrays.toString(args) + ")");
      System.exit(2);
    }
  }

  static Path registry() {
    return CacheDirectory.get().resolve("kept");
  }

  private static Kept read(Path entry) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(entry)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = entry.getFileName().toString();
    return new Kept(
        name.substring(0, name.length() - ".properties".length()),
        properties.getProperty("testClass", ""),
        properties.getProperty("ssh", ""),
        Stream.of(properties.getProperty("guards", "").split(",")).filter(s -> !s.isBlank()).map(Long::valueOf).toList(),
        Path.of(properties.getProperty("runDir", "")),
        properties.getProperty("temporaryShares", "").lines().filter(s -> !s.isBlank()).map(Path::of).toList());
  }
}
