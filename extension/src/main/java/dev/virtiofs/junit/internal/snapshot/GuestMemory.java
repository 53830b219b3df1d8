package dev.virtiofs.junit.internal.snapshot;

import dev.virtiofs.junit.internal.rundir.RunDirectory;
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
public final class GuestMemory implements AutoCloseable {

  private final Path file;
  private Path source;
  private Process cp;
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
  public static GuestMemory adopt(Path file) {
    return new GuestMemory(file);
  }

  /** Keeps the file when closed: it is a snapshot's now. */
  public void keep() {
    kept = true;
  }


  /**
   * Copies a snapshot's RAM for a new guest, and waits for the copy.
   *
   * @param memory the snapshot's memory file
   * @param target where the copy goes ({@code RunDirectory.memoryFile})
   * @return the copy
   * @throws UncheckedIOException when it cannot be made
   */
  public static GuestMemory copy(Path memory, Path target) {
    GuestMemory copy = startCopy(memory, target);
    copy.awaitCopied();
    return copy;
  }

  /**
   * Starts copying a snapshot's RAM for a new guest; {@link #awaitCopied} waits for it, so that
   * the copy runs beside the guest's other preparations.
   *
   * @param memory the snapshot's memory file
   * @param target where the copy goes ({@code RunDirectory.memoryFile})
   * @return the copy under way
   * @throws UncheckedIOException when {@code cp} cannot be started
   */
  public static GuestMemory startCopy(Path memory, Path target) {
    GuestMemory copy = new GuestMemory(target);
    copy.source = memory;
    try {
      // cp skips the holes (SEEK_DATA): tens of MB of a RAM of hundreds
      copy.cp = new ProcessBuilder(List.of("cp", "--sparse=always", memory.toString(), target.toString()))
          .redirectErrorStream(true).start();
      return copy;
    } catch (IOException e) {
      throw copy.failure(e.getMessage(), e);
    }
  }

  /**
   * Waits until the copy is whole.
   *
   * @throws UncheckedIOException when it failed
   */
  public void awaitCopied() {
    if (cp == null) {
      return;
    }
    try {
      String output = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!cp.waitFor(60, TimeUnit.SECONDS) || cp.exitValue() != 0) {
        throw failure(output.strip(), null);
      }
      cp = null;
    } catch (IOException e) {
      throw failure(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted", e);
    }
  }

  private UncheckedIOException failure(String why, Exception cause) {
    close();
    return new UncheckedIOException("Could not copy the guest snapshot's RAM " + source + " to " + file
        + ": " + why + "; is " + RunDirectory.SHARED_MEMORY + " full? Or " + GuestSnapshots.OPT_OUT, cause instanceof IOException io ? io : new IOException(why, cause));
  }

  /**
   * The file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /** Deletes the file, unless kept. Idempotent. */
  @Override
  public void close() {
    if (cp != null) {
      cp.destroyForcibly();
      try {
        cp.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      cp = null;
    }
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
