package dev.virtiofs.junit.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A private (0700) directory that virtiofs-junit made and removes on close: a guest's run directory
 * (sockets, keys, fw_cfg files) or a temporary share.
 */
public final class OwnedDirectory implements AutoCloseable {

  private final Path path;

  private OwnedDirectory(Path path) {
    this.path = path;
  }

  /**
   * Makes the directory under {@code java.io.tmpdir}.
   *
   * @param prefix the start of its name
   * @return the directory
   * @throws UncheckedIOException when it cannot be made
   */
  public static OwnedDirectory create(String prefix) {
    try {
      return new OwnedDirectory(
          Directories.createPrivate(Path.of(System.getProperty("java.io.tmpdir")), prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not make a directory in java.io.tmpdir ["
              + System.getProperty("java.io.tmpdir")
              + "]: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The directory.
   *
   * @return its path
   */
  public Path path() {
    return path;
  }

  /** Removes the directory and everything in it. Idempotent. */
  @Override
  public void close() {
    try {
      Directories.deleteRecursively(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + path + ": " + e.getMessage(), e);
    }
  }
}
