package dev.virtiofs.junit.internal.qemu;

import java.util.OptionalInt;

/**
 * Reads QEMU's {@code info usernet}: the host port of the forward to a guest port, on 127.0.0.1. A
 * forward's line reads {@code TCP[HOST_FORWARD]  13  127.0.0.1 40123  10.0.2.15 22  0 0}: protocol
 * and state, descriptor, source address and port, destination address and port, queues.
 */
public final class UsernetForwards {

  private static final String HOST_FORWARD = "TCP[HOST_FORWARD]";
  private static final String LOOPBACK = "127.0.0.1";

  private UsernetForwards() {}

  /**
   * The host port forwarded to a guest port.
   *
   * @param usernet the text of {@code info usernet}, as {@link QemuProcess#usernet()} returns it
   * @param guestPort the guest's TCP port
   * @return the host port on 127.0.0.1, or empty when there is no such forward
   */
  public static OptionalInt hostPort(String usernet, int guestPort) {
    for (String line : usernet.split("\\R")) {
      String[] columns = line.strip().split("\\s+");
      if (columns.length >= 6 && columns[0].equals(HOST_FORWARD) && columns[2].equals(LOOPBACK)
          && columns[5].equals(Integer.toString(guestPort)) && columns[3].matches("\\d{1,5}")) {
        return OptionalInt.of(Integer.parseInt(columns[3]));
      }
    }
    return OptionalInt.empty();
  }
}
