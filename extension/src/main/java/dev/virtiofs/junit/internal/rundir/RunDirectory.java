package dev.virtiofs.junit.internal.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a guest's run directory, in one place for all who make, keep or sweep one: its
 * name, the owner file that says which JVM it belongs to, the marker of a kept guest, and where its
 * RAM file and temporary shares live. Knows nothing of guests; every part that makes or reads a run
 * directory asks it.
 */
public final class RunDirectory {

  /** The start of every run directory's name: {@value}. */
  public static final String PREFIX = "virtiofs-junit-";

  /** The start of every temporary share's name: {@value}. */
  public static final String TEMPORARY_SHARE_PREFIX = "virtiofs-share-";

  /** Where guest RAM files are made: a tmpfs, so the RAM never goes to a disk: {@value}. */
  public static final String SHARED_MEMORY = "/dev/shm";

  /** The file whose presence says the guest was kept for debugging and is not to be swept: {@value}. */
  public static final String KEPT_MARKER = "kept";

  static final String OWNER_FILE = "owner";

  private RunDirectory() {}

  /**
   * The RAM file of the guest with this run directory, named after it so a sweep finds it.
   *
   * @param runDir the guest's run directory
   * @return its RAM file in {@value #SHARED_MEMORY}
   */
  public static Path memoryFile(Path runDir) {
    return Path.of(SHARED_MEMORY, runDir.getFileName() + ".mem");
  }

  /**
   * Marks a run directory as kept, so that no later run sweeps it.
   *
   * @param runDir the run directory
   * @param id the kept guest's id
   * @throws IOException when the marker cannot be written
   */
  public static void markKept(Path runDir, String id) throws IOException {
    Files.writeString(runDir.resolve(KEPT_MARKER), id + "\n");
  }

  /**
   * Whether a run directory is marked kept.
   *
   * @param runDir the run directory
   * @return true when kept
   */
  public static boolean isKept(Path runDir) {
    return Files.exists(runDir.resolve(KEPT_MARKER));
  }

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

  /**
   * The owner line written by a dead JVM, if the directory has one whose JVM is gone: its
   * temporary shares are then the caller's to remove, with the directory.
   *
   * @param runDir the run directory
   * @return the temporary shares it recorded, when its owner is dead and it is not kept
   * @throws IOException when the owner file cannot be read
   */
  static Optional<List<Path>> abandonedShares(Path runDir) throws IOException {
    Path ownerFile = runDir.resolve(OWNER_FILE);
    if (!Files.isRegularFile(ownerFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(ownerFile);
    if (lines.isEmpty() || ownerAlive(lines.get(0)) || isKept(runDir)) {
      return Optional.empty();
    }
    return Optional.of(lines.subList(1, lines.size()).stream()
        .map(Path::of)
        .filter(path -> path.getFileName().toString().startsWith(TEMPORARY_SHARE_PREFIX))
        .toList());
  }

  private static boolean ownerAlive(String owner) {
    String[] parts = owner.split(" ", 2);
    try {
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
      return process.flatMap(RunDirectory::ownerId).map(owner::equals).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  private static Optional<String> ownerId(ProcessHandle process) {
    return process.info().startInstant().map(start -> process.pid() + " " + start.toEpochMilli());
  }
}
