package dev.virtiofs.junit.internal.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tmpfs of a given size mounted on a directory, so that what is written there runs out of space
 * ({@code ENOSPC}) as a full disk would: a temporary share with a size limit. Mounting needs root.
 * Closing unmounts it (lazily, if something still holds it).
 */
public final class TmpfsMount implements AutoCloseable {

  private final Path dir;

  private TmpfsMount(Path dir) {
    this.dir = dir;
  }

  /**
   * Mounts a tmpfs of {@code sizeMiB} on {@code dir}, with the directory's permissions.
   *
   * @param dir an empty directory
   * @param sizeMiB the size in MiB
   * @param what what asked for it, named in messages
   * @return the mount
   * @throws IllegalStateException when this user is not root, or mount fails; the message says
   *     what to do
   */
  public static TmpfsMount mount(Path dir, int sizeMiB, String what) {
    if (!isRoot()) {
      throw new IllegalStateException(what + " makes the share a tmpfs of " + sizeMiB + " MiB, and mounting"
          + " one needs root; run the tests as root, or leave the size limit 0");
    }
    try {
      String mode = Integer.toOctalString(permissionBits(dir));
      run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m,mode=" + mode, "virtiofs-junit-share", dir.toString()),
          what + ": could not mount a tmpfs of " + sizeMiB + " MiB on " + dir);
      return new TmpfsMount(dir);
    } catch (IOException e) {
      throw new IllegalStateException(what + ": could not mount a tmpfs on " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Unmounts whatever is mounted on a directory of ours that a killed JVM left behind.
   *
   * @param dir the directory
   */
  public static void unmountIfMountPoint(Path dir) {
    try {
      Object own = Files.getAttribute(dir, "unix:dev");
      Object parent = Files.getAttribute(dir.getParent(), "unix:dev");
      if (!own.equals(parent)) {
        run(List.of("umount", "-l", dir.toString()), "could not unmount " + dir);
      }
    } catch (IOException | RuntimeException e) {
      // not there, or not ours to unmount: the caller's deletion says what is left
    }
  }

  @Override
  public void close() {
    try {
      run(List.of("umount", "-l", dir.toString()), "could not unmount the tmpfs on " + dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int permissionBits(Path dir) throws IOException {
    int bits = 0;
    for (var permission : Files.getPosixFilePermissions(dir)) {
      bits |= 1 << (8 - permission.ordinal());
    }
    return bits;
  }

  private static void run(List<String> command, String failure) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (process.waitFor() != 0) {
        throw new IOException(failure + ": " + String.join(" ", command) + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(failure + ": interrupted", e);
    }
  }
}
