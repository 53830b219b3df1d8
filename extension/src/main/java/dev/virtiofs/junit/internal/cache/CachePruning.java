package dev.virtiofs.junit.internal.cache;

import dev.virtiofs.junit.internal.files.Directories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Keeps the project's cache ({@code CacheDirectory}, by default {@code ~/.cache/virtiofs-junit})
 * from growing without end: guest snapshots and unpacked guest images (those with an {@code
 * image.properties}; the image build's own cache in the same directory is the build's business)
 * that no run has used for {@link #UNUSED_FOR} are removed (a new library version, guest shape or
 * QEMU makes new ones, about 40 and 28 MB each), and so are the half-made ones of JVMs that died
 * while making them. Each use of an entry marks it ({@link
 * #markUsed}). A snapshot is only removed under its lock, so never while a JVM makes it, and its
 * age is checked again under the lock.
 * Never fails the caller: pruning is a courtesy.
 */
public final class CachePruning {

  /** How long an entry may go unused before it is removed: 14 days. */
  static final Duration UNUSED_FOR = Duration.ofDays(14);

  /** Half-made entries older than this belong to a JVM that died making them. */
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  private static final Pattern SNAPSHOT = Pattern.compile("[0-9a-f]{16}");
  private static final String LOCK_SUFFIX = ".lock";
  private static final AtomicBoolean PRUNED = new AtomicBoolean();

  private CachePruning() {}

  /**
   * Prunes the cache once per JVM.
   *
   * @param cache the cache directory
   */
  public static void pruneOnce(Path cache) {
    if (PRUNED.compareAndSet(false, true)) {
      prune(cache, Instant.now());
    }
  }

  /**
   * Prunes the cache as it would be at {@code now}.
   *
   * @param cache the cache directory
   * @param now the time to judge the entries' ages against
   */
  static void prune(Path cache, Instant now) {
    pruneSnapshots(cache.resolve("snapshots"), now);
    pruneImages(cache.resolve("images"), now);
  }

  /**
   * Marks a cache entry as used now; the next runs keep it for {@link #UNUSED_FOR}.
   *
   * @param entry the entry's directory
   */
  public static void markUsed(Path entry) {
    try {
      Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // an entry not marked may be pruned and then made again: slower, never wrong
    }
  }

  private static void pruneSnapshots(Path root, Instant now) {
    forEachEntry(root, entry -> {
      String name = entry.getFileName().toString();
      String lockOf = name.endsWith(LOCK_SUFFIX) ? name.substring(0, name.length() - LOCK_SUFFIX.length()) : "";
      if (SNAPSHOT.matcher(name).matches() && unusedSince(entry, now.minus(UNUSED_FOR))) {
        removeSnapshot(root, name, now);
      } else if (SNAPSHOT.matcher(lockOf).matches() && !Files.exists(root.resolve(lockOf))
          && Files.getLastModifiedTime(entry).toInstant().isBefore(now.minus(UNUSED_FOR))) {
        removeSnapshot(root, lockOf, now); // the lock of a removed snapshot
      } else if (name.contains(".new-") && unusedSince(entry, now.minus(ABANDONED_AFTER))) {
        Directories.deleteRecursively(entry);
      }
    });
  }

  private static void removeSnapshot(Path root, String key, Instant now) throws IOException {
    Path lockPath = root.resolve(key + LOCK_SUFFIX);
    Path snapshot = root.resolve(key);
    try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lockFile.tryLock();
      if (lock == null) {
        return; // a JVM is making it now
      }
      if (Files.exists(snapshot) && !unusedSince(snapshot, now.minus(UNUSED_FOR))) {
        return; // used since we looked
      }
      Directories.deleteRecursively(snapshot);
      Files.deleteIfExists(lockPath);
      lock.release();
    } catch (OverlappingFileLockException e) {
      // a thread of this JVM is making it now
    }
  }

  private static void pruneImages(Path root, Instant now) {
    forEachEntry(root, entry -> {
      boolean staging = entry.getFileName().toString().startsWith(".unpack-");
      boolean unpacked = Files.isRegularFile(entry.resolve("image.properties"), LinkOption.NOFOLLOW_LINKS);
      if ((staging || unpacked) && unusedSince(entry, now.minus(staging ? ABANDONED_AFTER : UNUSED_FOR))) {
        Directories.deleteRecursively(entry);
      }
    });
  }

  private static boolean unusedSince(Path entry, Instant cutoff) throws IOException {
    return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
        && Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
  }

  private interface EntryAction {
    void apply(Path entry) throws IOException;
  }

  private static void forEachEntry(Path root, EntryAction action) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        try {
          action.apply(entry);
        } catch (IOException | RuntimeException e) {
          // the next entry all the same
        }
      }
    } catch (IOException e) {
      // nothing pruned this time
    }
  }
}
