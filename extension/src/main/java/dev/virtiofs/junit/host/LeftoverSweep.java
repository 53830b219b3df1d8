package dev.virtiofs.junit.host;

import dev.virtiofs.junit.files.Directories;
import dev.virtiofs.junit.files.OwnedDirectory;
import dev.virtiofs.junit.kept.KeptGuests;
import dev.virtiofs.junit.snapshot.GuestMemory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Removes what test JVMs that died hard (SIGKILL, an IDE's stop button) left in {@code
 * java.io.tmpdir}: their run directories, temporary shares and guest RAM files in {@code /dev/shm}.
 * Their processes are already gone
 * (see {@code GuardedProcess}); only files remain. Each run directory records its owner's pid and
 * start time, so a live run, or a new process that reuses a dead one's pid, is never touched.
 */
public final class LeftoverSweep {

  static final String OWNER_FILE = "owner";
  /** The start of every run directory's name: {@value}. */
  public static final String RUN_DIR_PREFIX = "virtiofs-junit-";

  private LeftoverSweep() {}

  /**
   * Writes the owner line of this JVM into a run directory: pid, start time and the temporary
   * shares to remove with it, so that a later run can sweep them once this JVM is dead.
   *
   * @param runDir the run directory
   * @param temporaryShares the temporary shares of its guest
   */
  public static void recordOwner(Path runDir, List<Path> temporaryShares) {
    StringBuilder owner = new StringBuilder(ownerId(ProcessHandle.current()).orElse("unknown"));
    temporaryShares.forEach(share -> owner.append('\n').append(share));
    try {
      Files.writeString(runDir.resolve(OWNER_FILE), owner.append('\n'));
    } catch (IOException e) {
      // without it, a hard kill leaves this directory for the user to remove; nothing else breaks
    }
  }

  /** Sweeps {@code java.io.tmpdir}; never fails the caller. */
  public static void sweep() {
    // the two roots are usually one and the same
    for (Path root : new java.util.LinkedHashSet<>(List.of(OwnedDirectory.temporaryRoot().toAbsolutePath(), OwnedDirectory.socketRoot()))) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, RUN_DIR_PREFIX + "*")) {
        for (Path dir : dirs) {
          sweepOne(dir);
        }
      } catch (IOException | RuntimeException e) {
        // a sweep is a courtesy; the run goes on
      }
    }
  }

  private static void sweepOne(Path dir) throws IOException {
    Path ownerFile = dir.resolve(OWNER_FILE);
    if (!Files.isRegularFile(ownerFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(ownerFile);
    if (lines.isEmpty() || ownerAlive(lines.get(0)) || Files.exists(dir.resolve(KeptGuests.KEPT_MARKER))) {
      return;
    }
    for (String share : lines.subList(1, lines.size())) {
      Path path = Path.of(share);
      if (path.getFileName().toString().startsWith("virtiofs-share-")) {
        Directories.deleteRecursively(path);
      }
    }
    Files.deleteIfExists(GuestMemory.fileFor(dir));
    Directories.deleteRecursively(dir);
  }

  private static boolean ownerAlive(String owner) {
    String[] parts = owner.split(" ", 2);
    try {
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
      return process.flatMap(LeftoverSweep::ownerId).map(owner::equals).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  private static Optional<String> ownerId(ProcessHandle process) {
    return process.info().startInstant().map(start -> process.pid() + " " + start.toEpochMilli());
  }
}
