package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.readiness.DeadProcess;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.RawResult;
import dev.virtiofs.junit.internal.hostprocess.LogTail;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Commands of a {@link RunningGuest} and their failures told as stories: the guest or a virtiofsd
 * died, the command overran its timeout, or the channel failed, each with the console tail.
 */
final class GuestCalls {

  private final CommandRunner runner;
  private final QemuProcess qemu;
  private final Supplier<List<VirtiofsdProcess>> daemons;
  private final Path console;

  /** {@code daemons} gives the daemons to watch: those a test killed on purpose are not failures. */
  GuestCalls(CommandRunner runner, QemuProcess qemu, Supplier<List<VirtiofsdProcess>> daemons, Path console) {
    this.runner = runner;
    this.qemu = qemu;
    this.daemons = daemons;
    this.console = console;
  }

  /**
   * One command through the runner; when it fails, the story: the guest or a virtiofsd died, the
   * command overran its timeout, or the channel failed, each with the console tail.
   */
  RawResult call(String command, Duration timeout, Call call) {
    checkAlive(command, null);
    try {
      return call.run();
    } catch (TimeoutException e) {
      checkAlive(command, e);
      throw new GuestException(
          String.format(
              "Command [%s] did not end within %d ms; it was let go of (killed, when run through the exec channel). Pass a longer"
                  + " timeout to exec(command, timeout) or set virtiofs.execTimeoutSeconds.%nLast"
                  + " 30 lines of the guest console (%s):%n%s",
              command, timeout.toMillis(), console, LogTail.of(console, 30)),
          e);
    } catch (IOException | RuntimeException e) {
      checkAlive(command, e);
      throw new GuestException(
          String.format(
              "Command [%s] could not be run through %s: %s%nLast 30 lines of the guest console"
                  + " (%s):%n%s",
              command, runner.name(), e.getMessage(), console, LogTail.of(console, 30)),
          e);
    }
  }

  @FunctionalInterface
  interface Call {
    RawResult run() throws IOException, TimeoutException;
  }

  /** Fails fast, with the right story, when QEMU or a virtiofsd has died. */
  void checkAlive(String command, Exception cause) {
    Optional<DeadProcess> dead = DeadProcess.find(qemu, daemons.get());
    if (dead.isEmpty()) {
      return;
    }
    if (dead.get().isQemu()) {
      throw new GuestException(
          "Cannot run [" + command + "]: the guest died. "
              + qemu.failure("exited with status " + qemu.process().exitValue()),
          cause);
    }
    VirtiofsdProcess daemon = dead.get().daemon();
    throw new GuestException(
        "Cannot trust [" + command + "]: virtiofsd died, so the share gives I/O errors. "
            + daemon.failure("exited with status " + daemon.process().exitValue()),
        cause);
  }

}
