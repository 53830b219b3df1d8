package dev.virtiofs.junit.vm;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.exec.ExecChannel;
import dev.virtiofs.junit.image.GuestImage;
import dev.virtiofs.junit.qemu.QemuProcess;
import dev.virtiofs.junit.ssh.SshBanner;
import dev.virtiofs.junit.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a booting guest's SSH server listens (the image's ready line, or for other images an
 * {@code SSH-2.0} banner read on the forwarded port), and fails fast, with the console tail, when
 * QEMU or virtiofsd dies or the guest's init reports an error first.
 */
final class GuestReadiness {

  private GuestReadiness() {}

  static void awaitSsh(
      QemuProcess qemu,
      List<VirtiofsdProcess> daemons,
      Path console,
      boolean printsReadyLine,
      Duration timeout) {
    try {
      await("SSH banner of the guest on 127.0.0.1:" + qemu.sshPort())
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> ready(qemu, daemons, console, printsReadyLine));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          qemu.failure(
              "started, but the guest's SSH server did not answer within "
                  + timeout.toSeconds()
                  + " s (bootTimeoutSeconds)"),
          e);
    }
  }

  /** Waits until the guest's exec agent answers on its channel. */
  static void awaitAgent(ExecChannel exec, QemuProcess qemu, Duration timeout) {
    try {
      exec.awaitAgent(timeout.isNegative() ? Duration.ZERO : timeout);
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException(qemu.failure("booted, but the guest's exec agent did not answer: "
          + e.getMessage()), e);
    }
  }

  private static boolean ready(
      QemuProcess qemu, List<VirtiofsdProcess> daemons, Path console, boolean printsReadyLine)
      throws IOException {
    Optional<DeadProcess> dead = DeadProcess.find(qemu, daemons);
    if (dead.isPresent()) {
      throw new IllegalStateException(dead.get().isQemu()
          ? qemu.failure("exited with status " + qemu.process().exitValue() + " while the guest booted")
          : dead.get().daemon().failure("exited while the guest booted"));
    }
    if (!printsReadyLine) {
      return SshBanner.readable(qemu.sshPort());
    }
    String text = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    if (text.contains(GuestImage.ERROR_LINE)) {
      throw new IllegalStateException(qemu.failure("runs, but the guest's init reported an error"));
    }
    // The image's init prints the ready line once dropbear listens; sshj then reads the banner.
    return text.contains(GuestImage.READY_LINE);
  }
}
