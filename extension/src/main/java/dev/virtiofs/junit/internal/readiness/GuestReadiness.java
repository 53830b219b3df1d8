package dev.virtiofs.junit.internal.readiness;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.ssh.SshBanner;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a booting guest runs commands: the project's image when its exec agent answers a
 * ping, other images when an {@code SSH-2.0} banner can be read on the forwarded port. Fails fast,
 * with the console tail, when QEMU or virtiofsd dies or the image's init reports an error first.
 */
public final class GuestReadiness {

  private static final Duration PING_WAIT = Duration.ofMillis(10);
  private static final Duration CHANNEL_CLOSE_GRACE = Duration.ofSeconds(3);

  private GuestReadiness() {}

  public static void awaitSsh(QemuProcess qemu, List<VirtiofsdProcess> daemons, Duration timeout) {
    awaitBoot(qemu, timeout, Duration.ofMillis(10), "the guest's SSH server did not answer", () -> {
      failIfDead(qemu, daemons);
      return SshBanner.readable(qemu.sshPort());
    });
  }

  /**
   * Waits until the guest's exec agent answers a ping, pinging every 10 ms from QEMU's start (the
   * agent holds its port from the moment the guest is ready), and fails fast as {@link #awaitSsh}
   * does.
   */
  public static void awaitAgent(
      ExecChannel exec, QemuProcess qemu, List<VirtiofsdProcess> daemons, Path console, Duration timeout) {
    awaitBoot(qemu, timeout, Duration.ofMillis(1), "the guest's exec agent did not answer", () -> {
      failIfDead(qemu, daemons);
      failIfInitFailed(qemu, console);
      try {
        return exec.answers(PING_WAIT);
      } catch (IOException e) {
        // QEMU closes the channel when it dies: tell that story when it is the one
        qemu.process().awaitExit(CHANNEL_CLOSE_GRACE);
        failIfDead(qemu, daemons);
        throw new IllegalStateException(
            qemu.failure("runs, but its exec channel to the guest closed: " + e.getMessage()), e);
      }
    });
  }

  /**
   * Waits until the guest's init or agent prints the ready line on the console, failing fast as
   * {@link #awaitSsh} does; for a guest no host talks to yet (a snapshot's).
   *
   * @param qemu the guest's QEMU
   * @param console its console log
   * @param timeout how long it may take
   */
  public static void awaitReadyLine(QemuProcess qemu, Path console, Duration timeout) {
    awaitBoot(qemu, timeout, Duration.ofMillis(5), "the guest did not print its ready line", () -> {
      failIfDead(qemu, List.of());
      return failIfInitFailed(qemu, console).contains(GuestImage.READY_LINE);
    });
  }

  /**
   * Polls a booting guest's readiness from now on, against {@code bootTimeoutSeconds}; on timeout,
   * QEMU's story: "started, but {@code notReady} within N s".
   */
  private static void awaitBoot(
      QemuProcess qemu, Duration timeout, Duration interval, String notReady, Callable<Boolean> ready) {
    try {
      await()
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(interval)
          .until(ready);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(qemu.failure("started, but " + notReady + " within "
          + timeout.toSeconds() + " s (bootTimeoutSeconds)"), e);
    }
  }

  private static void failIfDead(QemuProcess qemu, List<VirtiofsdProcess> daemons) {
    Optional<DeadProcess> dead = DeadProcess.find(qemu, daemons);
    if (dead.isPresent()) {
      throw new IllegalStateException(dead.get().isQemu()
          ? qemu.failure("exited with status " + qemu.process().exitValue() + " while the guest booted")
          : dead.get().daemon().failure("exited while the guest booted"));
    }
  }

  /** The console so far; throws when the image's init reported an error. */
  private static String failIfInitFailed(QemuProcess qemu, Path console) throws IOException {
    String text = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    if (text.contains(GuestImage.ERROR_LINE)) {
      throw new IllegalStateException(qemu.failure("runs, but the guest's init reported an error"));
    }
    return text;
  }
}
