package dev.virtiofs.junit.internal.ports;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.GuestException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until something listens on a TCP port of the guest, as the guest's kernel sees it ({@code
 * /proc/net/tcp}, read through the exec agent: no connection is made, so a server that serves one
 * connection only is not used up). A listener bound to loopback only fails the wait at once: the
 * host's forward cannot reach it.
 */
public final class PortWait {

  private static final String PROC_NET_TCP = "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null";

  private PortWait() {}

  /**
   * Waits for a listener.
   *
   * @param guestPort the guest's TCP port
   * @param timeout how long to wait
   * @param exec runs a command in the guest
   * @throws GuestException when nothing listens in time, or only on loopback
   */
  public static void awaitListener(int guestPort, Duration timeout, Function<String, ExecResult> exec) {
    AtomicReference<ListeningSockets.Listener> seen = new AtomicReference<>(ListeningSockets.Listener.NONE);
    try {
      await("a listener on guest TCP port " + guestPort)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
            seen.set(ListeningSockets.on(exec.apply(PROC_NET_TCP).stdout(), guestPort));
            return seen.get() != ListeningSockets.Listener.NONE;
          });
    } catch (ConditionTimeoutException e) {
      throw new GuestException(String.format(
          "Nothing listens on guest TCP port [%d] after %d ms; start the server first (Guest.start) and check"
              + " its stderr and the port it was given", guestPort, timeout.toMillis()), e);
    }
    if (seen.get() == ListeningSockets.Listener.LOOPBACK_ONLY) {
      throw new GuestException(String.format(
          "Guest TCP port [%d] listens on loopback only (127.0.0.1 or ::1), which Guest.hostPort cannot"
              + " reach: QEMU's forward arrives at the guest's 10.0.2.15; bind the server to 0.0.0.0", guestPort), null);
    }
  }
}
