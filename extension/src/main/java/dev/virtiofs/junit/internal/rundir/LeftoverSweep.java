package dev.virtiofs.junit.internal.rundir;

import dev.virtiofs.junit.internal.files.Directories;
import dev.virtiofs.junit.internal.files.TmpfsMount;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Removes what test JVMs that died hard (SIGKILL, an IDE's stop button) left in {@code
 * java.io.tmpdir}: their run directories, temporary shares and guest RAM files in {@code /dev/shm}.
 * Their processes are already gone (see {@code GuardedProcess}); only files remain. Each run
 * directory records its owner's pid and start time ({@link RunDirectory#recordOwner}), so a live
 * run, or a new process that reuses a dead one's pid, is never touched.
 */
public final class LeftoverSweep {

  private LeftoverSweep() {}

  /** Sweeps {@code java.io.tmpdir}; never fails the caller. */
  public static void sweep() {
    // the two roots are usually one and the same
    for (Path root : new LinkedHashSet<>(List.of(OwnedDirectory.temporaryRoot().toAbsolutePath(), OwnedDirectory.socketRoot()))) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, RunDirectory.PREFIX + "*")) {
        for (Path dir : dirs) {
          sweepOne(dir);
        }
      } catch (IOException | RuntimeException e) {
        // a sweep is a courtesy; the run goes on
      }
    }
  }

  private static void sweepOne(Path dir) throws IOException {
    Optional<List<Path>> shares = RunDirectory.abandonedShares(dir);
    if (shares.isEmpty()) {
      return;
    }
    for (Path share : shares.get()) {
      TmpfsMount.unmountIfMountPoint(share); // a share with a size limit is a tmpfs
      Directories.deleteRecursively(share);
    }
    Files.deleteIfExists(RunDirectory.memoryFile(dir));
    Directories.deleteRecursively(dir);
  }
}
