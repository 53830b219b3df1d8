package dev.virtiofs.junit.internal.ports;

import java.util.Locale;

/**
 * Reads the guest's {@code /proc/net/tcp} and {@code /proc/net/tcp6}: whether a socket listens on
 * a port, and on which address. A line reads {@code 0: 00000000:1F90 00000000:0000 0A ...}: slot,
 * local address and port in hex, remote ones, state ({@code 0A} is LISTEN).
 */
public final class ListeningSockets {

  /** What listens on a port. */
  public enum Listener {
    /** Nothing does. */
    NONE,
    /** Only a loopback address (127.0.0.1 or ::1), which QEMU's forward (to 10.0.2.15) cannot reach. */
    LOOPBACK_ONLY,
    /** An address the forward reaches: any address, or the guest's own. */
    REACHABLE
  }

  private static final String LISTEN = "0A";
  private static final String IPV4_LOOPBACK = "0100007F";
  private static final String IPV6_LOOPBACK = "00000000000000000000000001000000";

  private ListeningSockets() {}

  /**
   * What listens on a TCP port.
   *
   * @param procNetTcp the text of {@code /proc/net/tcp} and {@code /proc/net/tcp6}
   * @param port the port
   * @return whether, and where, something listens
   */
  public static Listener on(String procNetTcp, int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    Listener found = Listener.NONE;
    for (String line : procNetTcp.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 4 || !fields[3].equals(LISTEN)) {
        continue;
      }
      int colon = fields[1].lastIndexOf(':');
      if (colon < 0 || !fields[1].substring(colon + 1).equalsIgnoreCase(hexPort)) {
        continue;
      }
      String address = fields[1].substring(0, colon);
      if (!address.equals(IPV4_LOOPBACK) && !address.equals(IPV6_LOOPBACK)) {
        return Listener.REACHABLE;
      }
      found = Listener.LOOPBACK_ONLY;
    }
    return found;
  }
}
