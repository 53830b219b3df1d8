package dev.virtiofs.junit.internal.ports;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.qemu.UsernetForwards;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The guest's TCP ports on the host: forwards of QEMU's user network, from 127.0.0.1 (never another
 * address) on a port the host picks, to the guest's 10.0.2.15, added on first demand over QMP and
 * gone with QEMU. The SSH forward QEMU starts with is one of them.
 */
public final class HostPorts {

  private final QemuProcess qemu;
  private final Map<Integer, Integer> forwards = new HashMap<>();

  /**
   * Makes the forwards of one guest.
   *
   * @param qemu its QEMU
   */
  public HostPorts(QemuProcess qemu) {
    this.qemu = qemu;
  }

  /**
   * The host port reaching a guest port, the same for every call.
   *
   * @param guestPort the guest's TCP port, 1 to 65535
   * @return a port on 127.0.0.1
   * @throws IllegalArgumentException when the port is out of range
   * @throws GuestException when QEMU does not add the forward
   */
  public synchronized int hostPort(int guestPort) {
    if (guestPort < 1 || guestPort > 65535) {
      throw new IllegalArgumentException(String.format(
          "Guest port [%d] is not a TCP port; pass a port from 1 to 65535", guestPort));
    }
    Integer known = forwards.get(guestPort);
    if (known != null) {
      return known;
    }
    try {
      String usernet = qemu.usernet();
      OptionalInt port = UsernetForwards.hostPort(usernet, guestPort);
      if (port.isEmpty()) {
        qemu.addHostForward(guestPort);
        usernet = qemu.usernet();
        port = UsernetForwards.hostPort(usernet, guestPort);
      }
      if (port.isEmpty()) {
        throw new GuestException("QEMU added no forward to guest port " + guestPort + ": 'info usernet' reads "
            + usernet, null);
      }
      forwards.put(guestPort, port.getAsInt());
      return port.getAsInt();
    } catch (IOException e) {
      throw new GuestException("Cannot forward a host port to guest port " + guestPort + ": " + e.getMessage(), e);
    }
  }
}
