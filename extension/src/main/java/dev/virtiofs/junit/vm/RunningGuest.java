package dev.virtiofs.junit.vm;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.process.LogTail;
import dev.virtiofs.junit.qemu.QemuProcess;
import dev.virtiofs.junit.ssh.GuestConnection;
import dev.virtiofs.junit.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;

/** The {@link Guest} handed to tests: a booted guest, its share and its SSH connection. */
public final class RunningGuest implements Guest {

  private final Path sharedDir;
  private final String mountPoint;
  private final GuestConnection connection;
  private final QemuProcess qemu;
  private final List<VirtiofsdProcess> daemons;
  private final Path console;
  private final Path logDir;
  private final Duration execTimeout;

  RunningGuest(
      Path sharedDir,
      String mountPoint,
      GuestConnection connection,
      QemuProcess qemu,
      List<VirtiofsdProcess> daemons,
      Path console,
      Path logDir,
      Duration execTimeout) {
    this.sharedDir = sharedDir;
    this.mountPoint = mountPoint;
    this.connection = connection;
    this.qemu = qemu;
    this.daemons = daemons;
    this.console = console;
    this.logDir = logDir;
    this.execTimeout = execTimeout;
  }

  @Override
  public Path sharedDir() {
    return sharedDir;
  }

  @Override
  public String mountPoint() {
    return mountPoint;
  }

  @Override
  public ExecResult exec(String command) {
    return exec(command, execTimeout);
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    checkAlive(command, null);
    try {
      return connection.exec(command, timeout);
    } catch (TimeoutException e) {
      checkAlive(command, e);
      throw new GuestException(
          String.format(
              "Command [%s] did not end within %d ms; its SSH session was closed. Pass a longer"
                  + " timeout to exec(command, timeout) or set virtiofs.execTimeoutSeconds.%nLast"
                  + " 30 lines of the guest console (%s):%n%s",
              command, timeout.toMillis(), console, LogTail.of(console, 30)),
          e);
    } catch (IOException | RuntimeException e) {
      checkAlive(command, e);
      throw new GuestException(
          String.format(
              "Command [%s] could not be run over SSH: %s%nLast 30 lines of the guest console"
                  + " (%s):%n%s",
              command, e.getMessage(), console, LogTail.of(console, 30)),
          e);
    }
  }

  /**
   * Fails fast, with the right story, when QEMU or a virtiofsd has died. virtiofsd also ends when
   * QEMU does, so a dead virtiofsd is blamed only if QEMU does not follow within a second.
   */
  private void checkAlive(String command, Exception cause) {
    VirtiofsdProcess deadDaemon =
        daemons.stream().filter(daemon -> !daemon.isAlive()).findFirst().orElse(null);
    boolean qemuDead =
        !qemu.isAlive()
            || (deadDaemon != null && qemu.process().awaitExit(GuestReadiness.QEMU_GRACE));
    if (qemuDead) {
      throw new GuestException(
          "Cannot run [" + command + "]: the guest died. "
              + qemu.failure("exited with status " + qemu.process().exitValue()),
          cause);
    }
    if (deadDaemon != null) {
      throw new GuestException(
          "Cannot trust [" + command + "]: virtiofsd died, so the share gives I/O errors. "
              + deadDaemon.failure("exited with status " + deadDaemon.process().exitValue()),
          cause);
    }
  }

  @Override
  public SSHClient ssh() {
    return connection.client();
  }

  @Override
  public Path consoleLog() {
    return console;
  }

  /**
   * The class's log directory (console, QEMU and virtiofsd logs, command lines).
   *
   * @return the directory
   */
  public Path logDir() {
    return logDir;
  }

  /**
   * The QEMU process, for tests of the extension itself.
   *
   * @return the QEMU
   */
  public QemuProcess qemu() {
    return qemu;
  }

  /**
   * The virtiofsd processes, one per share, for tests of the extension itself.
   *
   * @return the daemons
   */
  public List<VirtiofsdProcess> virtiofsds() {
    return daemons;
  }
}
