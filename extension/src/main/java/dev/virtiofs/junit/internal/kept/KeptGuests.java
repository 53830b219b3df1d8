package dev.virtiofs.junit.internal.kept;

import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.group.GuestGroup;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps the guests of a failed class ({@code keepOnFailure}) running, so that a person can log in
 * and look: their processes are detached from this JVM and they are registered ({@link
 * KeptGuestRegistry}); {@code host/kept-guests} ({@link KeptGuestsCommand}) lists and stops them.
 */
public final class KeptGuests {

  private KeptGuests() {}

  /**
   * Keeps a guest running beyond its class: detaches its QEMU and virtiofsd from this JVM (their
   * guards no longer stop them when the class ends or the JVM exits), keeps its run directory and
   * temporary shares (their {@code close()} becomes a no-op) and registers it.
   *
   * @param guest the guest of a failed class
   * @param testClass its class
   * @param runDir its run directory, as the class's store holds it
   * @param temporaryShares its temporary shares, as the class's store holds them
   * @return the registry entry
   */
  public static KeptGuest keep(RunningGuest guest, Class<?> testClass, OwnedDirectory runDir,
      List<OwnedDirectory> temporaryShares) {
    List<Long> guards = new ArrayList<>();
    guest.qemu().detach();
    guards.add(guest.qemu().process().handle().pid());
    for (VirtiofsdProcess daemon : guest.virtiofsds()) {
      if (!daemon.isAlive()) {
        continue; // killed by the test: nothing to keep
      }
      daemon.detach();
      guards.add(daemon.process().handle().pid());
    }
    temporaryShares.forEach(OwnedDirectory::keep);
    runDir.keep();
    return register(guest, testClass, guards, temporaryShares.stream().map(OwnedDirectory::path).toList());
  }

  /**
   * Keeps every guest of a failed class ({@link #keep}): each with its run directory, the first
   * with the temporary shares they have in common (stopping another guest leaves them).
   *
   * @param guests the class's guests, in order
   * @param testClass the class
   * @param owned the directory the class's store owns under a key, if any
   * @return the registry entries, in order
   */
  public static List<KeptGuest> keepAll(List<RunningGuest> guests, Class<?> testClass,
      Function<String, Optional<OwnedDirectory>> owned) {
    List<OwnedDirectory> temporaryShares = guests.get(0).shares().stream()
        .flatMap(share -> owned.apply(GuestStarter.SHARE_KEY_PREFIX + share.tag()).stream())
        .toList();
    List<KeptGuest> kept = new ArrayList<>();
    for (int i = 0; i < guests.size(); i++) {
      String runDir = guests.size() == 1 ? GuestStarter.RUN_DIR_KEY : GuestGroup.key(i, GuestStarter.RUN_DIR_KEY);
      kept.add(keep(guests.get(i), testClass, owned.apply(runDir).orElseThrow(), i == 0 ? temporaryShares : List.of()));
    }
    return kept;
  }

  /**
   * What to tell a person about a kept guest: how to log in and how to stop it.
   *
   * @param kept the kept guest
   * @param testClass its class
   * @return the lines, ending with a line break
   */
  public static String instructions(KeptGuest kept, Class<?> testClass) {
    return String.format("virtiofs-junit: kept the guest of %s, which failed. Log in with:%n  %s%n"
            + "Stop it with host/kept-guests stop %s (or: java -cp <virtiofs-junit jar> %s stop %s)%n",
        testClass.getSimpleName(), kept.sshCommand(), kept.id(), KeptGuestsCommand.class.getName(), kept.id());
  }

  private static KeptGuest register(RunningGuest guest, Class<?> testClass, List<Long> guards, List<Path> temporaryShares) {
    String id = testClass.getSimpleName() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + "-"
        + guest.qemu().sshPort();
    KeptGuest kept = new KeptGuest(id, testClass.getName(), guest.sshCommand(), guards, guest.runDir(), temporaryShares);
    KeptGuestRegistry.register(kept);
    return kept;
  }
}
