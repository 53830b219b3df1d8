package dev.virtiofs.junit.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RAM of one guest restored from a snapshot: a copy of the snapshot's memory file in {@code
 * /dev/shm}, named after the guest's run directory (so that a leftover sweep finds it). Only the
 * pages the snapshot uses are copied: the file is sparse. Deleted as soon as QEMU has it (QEMU and
 * virtiofsd keep their mappings), and again when closed, whatever happened. Also the way a
 * snapshot's own memory file is copied into the cache.
 */
final class GuestMemory implements AutoCloseable {

  /** Where guest RAM files are made: a tmpfs, so the RAM never goes to a disk: {@value}. */
  static final String SHARED_MEMORY = "/dev/shm";

  private final Path file;
  private boolean kept;

  private GuestMemory(Path file) {
    this.file = file;
  }

  /**
   * Takes charge of a file QEMU makes itself (a snapshot guest's RAM).
   *
   * @param file the file
   * @return it, deleted when closed
   */
  static GuestMemory adopt(Path file) {
    return new GuestMemory(file);
  }

  /** Keeps the file when closed: it is a snapshot's now. */
  void keep() {
    kept = true;
  }

  /** The file a guest with this run directory gets. */
  static Path fileFor(Path runDir) {
    return Path.of(SHARED_MEMORY, runDir.getFileName() + ".mem");
  }

  /**
   * Copies a snapshot's RAM for a new guest.
   *
   * @param memory the snapshot's memory file
   * @param target where the copy goes ({@link #fileFor})
   * @return the copy
   * @throws UncheckedIOException when it cannot be made
   */
  static GuestMemory copy(Path memory, Path target) {
    GuestMemory copy = new GuestMemory(target);
    try {
      // cp skips the holes (SEEK_DATA): tens of MB of a RAM of hundreds
      Process cp = new ProcessBuilder(List.of("cp", "--sparse=always", memory.toString(), target.toString()))
          .redirectErrorStream(true).start();
      String output = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!cp.waitFor(60, TimeUnit.SECONDS) || cp.exitValue() != 0) {
        cp.destroyForcibly();
        throw new IOException(output.strip());
      }
      return copy;
    } catch (IOException e) {
      copy.close();
      throw new UncheckedIOException("Could not copy the guest snapshot's RAM " + memory + " to " + target
          + ": " + e.getMessage() + "; is " + SHARED_MEMORY + " full? Set virtiofs.snapshots=false to boot"
          + " every guest from scratch", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      copy.close();
      throw new IllegalStateException("Interrupted while copying " + memory, e);
    }
  }

  /**
   * The file.
   *
   * @return its path
   */
  Path file() {
    return file;
  }

  /** Deletes the file, unless kept. Idempotent. */
  @Override
  public void close() {
    if (kept) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove the guest's RAM file " + file + ": " + e.getMessage(), e);
    }
  }
}
