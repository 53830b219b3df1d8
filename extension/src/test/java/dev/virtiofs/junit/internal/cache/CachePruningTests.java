package dev.virtiofs.junit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachePruningTests {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir Path cache;

  @Test
  void snapshotsUnusedForTwoWeeksGoWithTheirLocksAndRecentOnesStay() throws IOException {
    Path old = snapshot("0123456789abcdef", Duration.ofDays(15));
    Path recent = snapshot("fedcba9876543210", Duration.ofDays(13));

    CachePruning.prune(cache, NOW);

    assertThat(old).doesNotExist();
    assertThat(old.resolveSibling(old.getFileName() + ".lock")).doesNotExist();
    assertThat(recent.resolve("memory")).exists();
    assertThat(recent.resolveSibling(recent.getFileName() + ".lock")).exists();
  }

  @Test
  void aSnapshotWhoseLockIsHeldIsLeftAlone() throws IOException {
    Path old = snapshot("0123456789abcdef", Duration.ofDays(30));
    try (FileChannel lock = FileChannel.open(old.resolveSibling(old.getFileName() + ".lock"), StandardOpenOption.WRITE)) {
      lock.lock();
      CachePruning.prune(cache, NOW);
    }
    assertThat(old.resolve("memory")).exists();
  }

  @Test
  void halfMadeSnapshotsAndImagesOfDeadJvmsGoAfterADay() throws IOException {
    Path staleStaging = entry("snapshots/0123456789abcdef.new-123", Duration.ofDays(2));
    Path freshStaging = entry("snapshots/0123456789abcdef.new-456", Duration.ofHours(1));
    Path staleUnpack = entry("images/.unpack-123", Duration.ofDays(2));
    Path freshUnpack = entry("images/.unpack-456", Duration.ofHours(1));

    CachePruning.prune(cache, NOW);

    assertThat(staleStaging).doesNotExist();
    assertThat(staleUnpack).doesNotExist();
    assertThat(freshStaging).exists();
    assertThat(freshUnpack).exists();
  }

  @Test
  void imagesUnusedForTwoWeeksGoAndMarkingKeepsThem() throws IOException {
    Instant now = Instant.now(); // markUsed marks with the real clock
    Path old = image("images/a2bc7658d86609aa", now.minus(Duration.ofDays(20)));
    Path used = image("images/efae677d251ec44a", now.minus(Duration.ofDays(20)));
    CachePruning.markUsed(used);

    CachePruning.prune(cache, now);

    assertThat(old).doesNotExist();
    assertThat(used.resolve("image.properties")).exists();
  }

  @Test
  void theImageBuildsOwnCacheIsLeftAlone() throws IOException {
    Path build = entry("images/1107f872c6bd76ae", Duration.ofDays(30)); // no image.properties: a build cache

    CachePruning.prune(cache, NOW);

    assertThat(build).exists();
  }

  @Test
  void theLockOfASnapshotRemovedLongAgoGoes() throws IOException {
    Path snapshots = Files.createDirectories(cache.resolve("snapshots"));
    Path stale = Files.createFile(snapshots.resolve("0123456789abcdef.lock"));
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofDays(15))));
    Path recent = Files.createFile(snapshots.resolve("fedcba9876543210.lock"));
    Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofDays(1))));

    CachePruning.prune(cache, NOW);

    assertThat(stale).doesNotExist();
    assertThat(recent).exists();
  }

  @Test
  void aMissingCacheIsNothingToPrune() {
    CachePruning.prune(cache.resolve("absent"), NOW);
    assertThat(cache.resolve("absent")).doesNotExist();
  }

  private Path snapshot(String key, Duration unused) throws IOException {
    Path dir = entry("snapshots/" + key, unused);
    Files.createFile(cache.resolve("snapshots/" + key + ".lock"));
    return dir;
  }

  /** An unpacked image's directory, last used at that time. */
  private Path image(String name, Instant used) throws IOException {
    Path dir = Files.createDirectories(cache.resolve(name));
    Files.writeString(dir.resolve("image.properties"), "kernel=6.1\n");
    Files.setLastModifiedTime(dir, FileTime.from(used));
    return dir;
  }

  /** A directory with a file in it, last used this long before NOW. */
  private Path entry(String name, Duration unused) throws IOException {
    Path dir = Files.createDirectories(cache.resolve(name));
    Files.writeString(dir.resolve(name.startsWith("snapshots/") ? "memory" : "file"), "x");
    Files.setLastModifiedTime(dir, FileTime.from(NOW.minus(unused)));
    return dir;
  }
}
