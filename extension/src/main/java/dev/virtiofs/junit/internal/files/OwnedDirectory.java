package dev.virtiofs.junit.internal.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A private (0700) directory that virtiofs-junit made and removes on close: a guest's run directory
 * (sockets, keys, fw_cfg files) or a temporary share.
 */
public final class OwnedDirectory implements AutoCloseable {

  private final Path path;
  private volatile boolean kept;

  private OwnedDirectory(Path path) {
    this.path = path;
  }

  /**
   * The longest parent path, in bytes, under which a run directory's sockets stay within the
   * 107-byte limit of a Unix socket path: {@value}.
   */
  static final int MAX_SOCKET_PARENT_BYTES = 60;

  /**
   * Makes the directory under {@code java.io.tmpdir}.
   *
   * @param prefix the start of its name
   * @return the directory
   * @throws UncheckedIOException when it cannot be made
   */
  public static OwnedDirectory create(String prefix) {
    return createUnder(temporaryRoot(), prefix);
  }

  /**
   * Makes a directory for Unix sockets: under {@code java.io.tmpdir}, or under {@code /tmp} when
   * {@code java.io.tmpdir} is so long that socket paths would pass the 107-byte limit.
   *
   * @param prefix the start of its name
   * @return the directory
   * @throws UncheckedIOException when it cannot be made
   */
  public static OwnedDirectory createForSockets(String prefix) {
    return createUnder(socketRoot(), prefix);
  }

  /**
   * Where temporary shares are made: {@code java.io.tmpdir}.
   *
   * @return the directory
   */
  public static Path temporaryRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Where run directories are made: {@code java.io.tmpdir}, or {@code /tmp} when that path is too
   * long for the Unix sockets inside.
   *
   * @return the directory
   */
  public static Path socketRoot() {
    Path tmp = temporaryRoot().toAbsolutePath();
    return tmp.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PARENT_BYTES
        ? tmp
        : Path.of("/tmp");
  }

  private static OwnedDirectory createUnder(Path parent, String prefix) {
    try {
      return new OwnedDirectory(Directories.createPrivate(parent, prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not make a directory in ["
              + parent
              + "] (java.io.tmpdir): "
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

  /** Keeps the directory when closed: it belongs to a kept guest now. */
  public void keep() {
    kept = true;
  }

  /** Removes the directory and everything in it, unless kept. Idempotent. */
  @Override
  public void close() {
    if (kept) {
      return;
    }
    try {
      Directories.deleteRecursively(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + path + ": " + e.getMessage(), e);
    }
  }
}
