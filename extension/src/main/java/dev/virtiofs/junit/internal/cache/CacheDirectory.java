package dev.virtiofs.junit.internal.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where virtiofs-junit keeps what outlives a run on this machine (unpacked guest images, guest
 * snapshots, the KVM probe's verdicts, the kept guests' registry): {@code
 * $XDG_CACHE_HOME/virtiofs-junit}, else {@code ~/.cache/virtiofs-junit}. A user with no writable
 * home (a container's arbitrary uid, a system user such as {@code nobody}) gets a directory of its
 * own in {@code java.io.tmpdir} instead, {@code virtiofs-junit-cache-<uid>}, made mode 0700 and
 * used only if this user owns it and nobody else may write to it.
 */
public final class CacheDirectory {

  private static final System.Logger LOGGER = System.getLogger(CacheDirectory.class.getName());
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private CacheDirectory() {}

  /**
   * The cache directory of this JVM's user.
   *
   * @return the directory (it may not exist yet, except in {@code java.io.tmpdir})
   * @throws IllegalStateException when the user has no usable home and the fallback directory is
   *     another user's; the message says what to set
   */
  public static Path get() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "virtiofs-junit");
    }
    Path home = Path.of(System.getProperty("user.home"));
    Path cache = home.resolve(".cache");
    if (Files.isDirectory(cache) ? Files.isWritable(cache) : Files.isDirectory(home) && Files.isWritable(home)) {
      return cache.resolve("virtiofs-junit");
    }
    return fallback(home);
  }

  private static Path fallback(Path home) {
    Path dir;
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      dir = Path.of(System.getProperty("java.io.tmpdir"), "virtiofs-junit-cache-" + uid);
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // made by an earlier run, or by another JVM of this user just now: checked below
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw refused(home, "[" + dir + "] is in the way of the fallback cache directory");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (!uid.equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))
          || mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw refused(home, "the fallback cache directory [" + dir + "] belongs to another user or others may"
            + " write to it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The home directory [" + home + "] is not a writable directory, and no"
          + " cache directory could be made in java.io.tmpdir (" + e.getMessage() + "); set XDG_CACHE_HOME to a"
          + " directory of yours", e);
    }
    if (TOLD.compareAndSet(false, true)) {
      LOGGER.log(System.Logger.Level.INFO, "virtiofs-junit caches guest images and snapshots in {0}: the home"
          + " directory {1} is not a writable directory (set XDG_CACHE_HOME to keep them elsewhere)", dir, home);
    }
    return dir;
  }

  private static IllegalStateException refused(Path home, String why) {
    return new IllegalStateException(String.format("The home directory [%s] is not a writable directory, and %s;"
        + " set XDG_CACHE_HOME (or -Duser.home) to a directory of yours", home, why));
  }
}
