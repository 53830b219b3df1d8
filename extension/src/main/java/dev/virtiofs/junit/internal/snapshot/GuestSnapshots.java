package dev.virtiofs.junit.internal.snapshot;

import dev.virtiofs.junit.internal.qemu.SnapshotLayout;
import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.cache.CachePruning;
import dev.virtiofs.junit.internal.files.Directories;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import dev.virtiofs.junit.internal.readiness.GuestReadiness;
import dev.virtiofs.junit.internal.qemu.QemuCommandLine;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.qemu.QemuSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots of a freshly booted guest of the project's image, one per guest shape (QEMU, image,
 * memory, CPUs, accelerator, kernel arguments, number of shares), made once per machine and kept in
 * {@code snapshots/<key>} of the cache ({@link CacheDirectory}): {@code state}, the devices' state,
 * and {@code memory}, the guest's RAM as a sparse file. The key is a hash of the snapshot guest's
 * QEMU command line, QEMU's version and the kernel's and initramfs's size and time of change, so
 * any change to these makes a new one; {@link CachePruning} removes those no run uses any more.
 *
 * <p>The snapshot guest boots with no configuration: its init stops after starting the exec agent,
 * so the snapshot holds no keys and no mounts (the agent's SSH port listens, with no key to serve). Threads of this JVM and other JVMs
 * make a snapshot once between them (a lock per key, a lock file); a half-made one is never seen
 * (it is renamed into place whole).
 */
public final class GuestSnapshots {

  /** What the messages of a failed snapshot or restore advise: {@value}. */
  public static final String OPT_OUT = "set virtiofs.snapshots=false to boot every guest from scratch";

  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(60);
  private static final Map<String, Object> MAKING = new ConcurrentHashMap<>();

  private GuestSnapshots() {}

  /**
   * A snapshot on disk.
   *
   * @param directory where its files are
   */
  public record Snapshot(Path directory) {

    /**
     * The devices' state, as QEMU saved it.
     *
     * @return its file
     */
    public Path state() {
      return directory.resolve("state");
    }

    /**
     * The guest's RAM, a sparse file.
     *
     * @return its file
     */
    public Path memory() {
      return directory.resolve("memory");
    }

    boolean complete() {
      return Files.isRegularFile(state()) && Files.isRegularFile(memory());
    }
  }

  /**
   * Tells whether a guest can be restored from a snapshot here.
   *
   * @param host what the host offers
   * @param shares how many shares the guest has
   * @return whether it can
   */
  public static boolean usable(HostEnvironment host, int shares) {
    Path shm = Path.of(RunDirectory.SHARED_MEMORY);
    return host.settings().snapshots() && host.image().ours() && shares <= SnapshotLayout.MAX_SHARE_PORTS
        && Files.isDirectory(shm) && Files.isWritable(shm);
  }

  /**
   * The snapshot for a guest that is to be restored, made first when there is none.
   *
   * @param restored the QEMU of the guest that is to be restored
   * @param bootTimeout how long the snapshot guest may take to boot
   * @return the snapshot
   * @throws IllegalStateException when it cannot be made; the message says why and how to do
   *     without
   */
  public static Snapshot obtain(QemuSpec restored, Duration bootTimeout) {
    String key = key(restored);
    Snapshot snapshot = new Snapshot(root().resolve(key));
    // marked before it is looked at: a pruning JVM checks the mark again under the lock
    CachePruning.markUsed(snapshot.directory());
    if (snapshot.complete()) {
      return snapshot;
    }
    synchronized (MAKING.computeIfAbsent(key, k -> new Object())) {
      try {
        Files.createDirectories(root());
        try (FileChannel lockFile = FileChannel.open(root().resolve(key + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          FileLock lock = lockFile.lock(); // released when the channel closes
          if (!snapshot.complete()) {
            make(restored, snapshot, bootTimeout);
          }
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not make the guest snapshot in " + snapshot.directory() + ": "
            + e.getMessage() + "; " + OPT_OUT, e);
      }
    }
    return snapshot;
  }

  /**
   * Removes a snapshot that failed to restore, so that the next guest makes it again.
   *
   * @param snapshot the snapshot
   */
  public static void discard(Snapshot snapshot) {
    try {
      Directories.deleteRecursively(snapshot.directory());
    } catch (IOException e) {
      // the next restore fails again and says so
    }
  }

  /**
   * The key of a guest shape: a hash of its snapshot guest's command line, QEMU's version, and the
   * size and time of change of the kernel and initramfs (an image rebuilt in place, as in an IDE's
   * output directory, keeps its paths).
   */
  static String key(QemuSpec restored) {
    List<String> commandLine = QemuCommandLine.of(template(restored, Path.of("/run")));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.join("\n", commandLine).getBytes(StandardCharsets.UTF_8));
      sha.update(("\n" + restored.binary().version()).getBytes(StandardCharsets.UTF_8));
      for (Path file : List.of(restored.kernel(), restored.initramfs())) {
        sha.update(("\n" + identity(file)).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String identity(Path file) {
    try {
      return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return "absent"; // QEMU then fails to start, and says so
    }
  }

  /** The snapshot guest of a restored guest: same machine, no shares plugged, no configuration. */
  static QemuSpec template(QemuSpec restored, Path runDir) {
    int ports = restored.snapshot().map(SnapshotLayout::sharePorts).orElse(restored.vhostUserFs().size());
    return new QemuSpec(restored.binary(), "snapshot", restored.accel(), restored.memoryMiB(), restored.cpus(),
        restored.kernel(), restored.initramfs(), restored.kernelArguments(), restored.firmware(), Map.of(),
        Map.of(), runDir.resolve("console.log"), runDir.resolve("qmp.sock"), restored.network(),
        Optional.of(runDir.resolve("exec.sock")),
        Optional.of(new SnapshotLayout(RunDirectory.memoryFile(runDir), ports, false)));
  }

  private static void make(QemuSpec restored, Snapshot snapshot, Duration bootTimeout) throws IOException {
    Path staging = Directories.createPrivate(root(), snapshot.directory().getFileName() + ".new-");
    try (OwnedDirectory run = OwnedDirectory.createForSockets(RunDirectory.PREFIX)) {
      QemuSpec template = template(restored, run.path());
      Path memory = template.snapshot().orElseThrow().memoryFile();
      RunDirectory.recordOwner(run.path(), List.of());
      try (GuestMemory ram = GuestMemory.adopt(memory)) {
        try (QemuProcess qemu = QemuProcess.start(template, run.path().resolve("qemu.log"))) {
          // ready when the agent says so on the console: no host ever connects to its port, so
          // no reply of it can be pending in the snapshot
          GuestReadiness.awaitReadyLine(qemu, template.console(), bootTimeout);
          qemu.saveSnapshot(staging.resolve("state"), SAVE_TIMEOUT);
        }
        GuestMemory.copy(ram.file(), staging.resolve("memory")).keep();
      }
      try {
        Files.move(staging, snapshot.directory(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!snapshot.complete()) {
          throw e;
        }
        // another JVM made it meanwhile (it took a lock file that the cache's pruning had removed)
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not make the guest snapshot " + snapshot.directory()
          + " (" + OPT_OUT + "): " + e.getMessage(), e);
    } finally {
      if (Files.exists(staging)) {
        Directories.deleteRecursively(staging);
      }
    }
  }

  private static Path root() {
    return CacheDirectory.get().resolve("snapshots");
  }
}
