package dev.virtiofs.junit.internal.kept;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code kept-guests} command: {@code list}, {@code stop ID} or {@code stop --all}. In the
 * source tree, {@code host/kept-guests}; elsewhere {@code java -cp <virtiofs-junit jar>
 * dev.virtiofs.junit.internal.kept.KeptGuestsCommand list}.
 */
public final class KeptGuestsCommand {

  private KeptGuestsCommand() {}

  /**
   * Runs the command.
   *
   * @param args the command
   */
  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("list")) {
      List<KeptGuest> kept = KeptGuestRegistry.list();
      if (kept.isEmpty()) {
        System.out.println("No kept guests.");
      }
      for (KeptGuest guest : kept) {
        System.out.printf("%s  (%s)%n  log in: %s%n", guest.id(), guest.testClass(), guest.sshCommand());
      }
    } else if (args.length == 2 && args[0].equals("stop")) {
      List<String> ids = args[1].equals("--all")
          ? KeptGuestRegistry.list().stream().map(KeptGuest::id).toList()
          : List.of(args[1]);
      for (String id : ids) {
        KeptGuestStop.stop(id);
        System.out.println("Stopped " + id);
      }
    } else {
      System.err.println("usage: kept-guests list | stop ID | stop --all (given: " + Arrays.toString(args) + ")");
      System.exit(2);
    }
  }
}
