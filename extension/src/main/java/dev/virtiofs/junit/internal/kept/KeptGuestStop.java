package dev.virtiofs.junit.internal.kept;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.files.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Stops a kept guest: its guards get SIGTERM, which takes QEMU and virtiofsd down (SIGKILL for
 * what is still there after {@value #STOP_SECONDS} s), then its run directory, temporary shares and
 * registry entry are removed.
 */
public final class KeptGuestStop {

  static final int STOP_SECONDS = 10;

  private KeptGuestStop() {}

  /**
   * Stops a kept guest and removes what it leaves.
   *
   * @param id its id, as {@link KeptGuestRegistry#list()} gives it
   * @throws IllegalArgumentException when there is no such guest
   */
  public static void stop(String id) {
    KeptGuest kept = KeptGuestRegistry.get(id);
    List<ProcessHandle> guards = kept.guards().stream()
        .flatMap(pid -> ProcessHandle.of(pid).stream())
        .filter(p -> p.info().commandLine().orElse("").contains("virtiofs-junit-guard"))
        .toList();
    List<ProcessHandle> all = guards.stream().flatMap(g -> Stream.concat(Stream.of(g), g.descendants())).toList();
    guards.forEach(ProcessHandle::destroy);
    try {
      await("kept guest " + id + " to stop").atMost(Duration.ofSeconds(STOP_SECONDS))
          .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    } catch (ConditionTimeoutException e) {
      all.forEach(ProcessHandle::destroyForcibly);
    }
    try {
      for (Path share : kept.temporaryShares()) {
        Directories.deleteRecursively(share);
      }
      Directories.deleteRecursively(kept.runDir());
      KeptGuestRegistry.remove(id);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove what kept guest " + id + " left: " + e.getMessage(), e);
    }
  }
}
