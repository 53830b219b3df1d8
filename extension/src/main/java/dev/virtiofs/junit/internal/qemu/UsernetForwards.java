package dev.virtiofs.junit.internal.qemu;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads QEMU's {@code info usernet} (through QMP, so its line ends arrive as {@code \r\n} escapes):
 * the host port of the forward to a guest port, on 127.0.0.1. A line reads {@code
 * TCP[HOST_FORWARD]  13  127.0.0.1 40123  10.0.2.15 22  0 0}: protocol and state, descriptor,
 * source address and port, destination address and port, queues.
 */
public final class UsernetForwards {

  private static final Pattern FORWARD = Pattern.compile(
      "TCP\\[HOST_FORWARD\\]\\s+-?\\d+\\s+127\\.0\\.0\\.1\\s+(\\d+)\\s+[0-9.]+\\s+(\\d+)");

  private UsernetForwards() {}

  /**
   * The host port forwarded to a guest port.
   *
   * @param usernet the text of {@code info usernet}
   * @param guestPort the guest's TCP port
   * @return the host port on 127.0.0.1, or empty when there is no such forward
   */
  public static OptionalInt hostPort(String usernet, int guestPort) {
    Matcher matcher = FORWARD.matcher(usernet);
    while (matcher.find()) {
      if (Integer.parseInt(matcher.group(2)) == guestPort) {
        return OptionalInt.of(Integer.parseInt(matcher.group(1)));
      }
    }
    return OptionalInt.empty();
  }
}
