package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.hostprocess.LogTail;
import java.nio.file.Path;

/**
 * Rides along, as a suppressed exception, with a test's own failure: the last lines of the guest
 * console and where the class's logs are, so a report shows what the guest said.
 */
final class GuestConsoleTail extends RuntimeException {

  private static final long serialVersionUID = 1L;

  GuestConsoleTail(Path console, Path logDir) {
    super(String.format(
        "Last 30 lines of the guest console (%s); console, QEMU and virtiofsd logs and command lines"
            + " are in %s:%n%s",
        console, logDir, LogTail.of(console, 30)), null, false, false);
  }
}
