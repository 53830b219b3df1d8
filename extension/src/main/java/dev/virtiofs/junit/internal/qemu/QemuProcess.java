package dev.virtiofs.junit.internal.qemu;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.exec.ShellWords;
import dev.virtiofs.junit.internal.hostprocess.GuardedProcess;
import dev.virtiofs.junit.internal.hostprocess.LogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One running QEMU: started under a {@link GuardedProcess}, controlled over QMP, stopped with QMP
 * {@code quit} first and signals after.
 */
public final class QemuProcess implements AutoCloseable {

  private static final Duration QMP_TIMEOUT = Duration.ofSeconds(20);

  private final GuardedProcess process;
  private final QemuSpec spec;
  private final List<String> commandLine;
  private Qmp qmp;
  private int sshPort;
  private volatile boolean detached;

  private QemuProcess(GuardedProcess process, QemuSpec spec, List<String> commandLine) {
    this.process = process;
    this.spec = spec;
    this.commandLine = commandLine;
  }

  /**
   * Starts QEMU and reads back the SSH port it forwards; the guest then boots on its own.
   *
   * @param spec what to run
   * @param log where QEMU's own output goes
   * @return the running QEMU
   * @throws IllegalStateException when QEMU exits or its QMP socket does not answer; the message
   *     holds QEMU's output
   */
  public static QemuProcess start(QemuSpec spec, Path log) {
    List<String> commandLine = QemuCommandLine.of(spec);
    GuardedProcess process = GuardedProcess.start("QEMU", commandLine, log, Duration.ofSeconds(3));
    QemuProcess qemu = new QemuProcess(process, spec, commandLine);
    try {
      qemu.connect();
      return qemu;
    } catch (RuntimeException e) {
      qemu.close();
      throw e;
    }
  }

  private void connect() {
    try {
      // The socket file appears when QEMU binds it, a moment before it listens: retry refusals.
      await("QMP socket " + spec.qmpSocket())
          .atMost(QMP_TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> !process.isAlive() || tryConnect());
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(failure("did not answer on its QMP socket within 20 s"), e);
    }
    if (qmp == null) {
      throw new IllegalStateException(failure("exited with status " + process.exitValue()));
    }
    try {
      sshPort = spec.network() ? qmp.forwardedSshPort() : -1;
    } catch (IOException e) {
      throw new IllegalStateException(failure("did not answer on QMP: " + e.getMessage()), e);
    }
  }

  private boolean tryConnect() {
    if (!Files.exists(spec.qmpSocket())) {
      return false;
    }
    try {
      qmp = Qmp.connect(spec.qmpSocket());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes the devices' state to a file, the guest's RAM staying in its memory file, and leaves
   * QEMU paused. The guest must have a {@link SnapshotLayout}.
   *
   * @param state the file to write
   * @param timeout how long it may take
   * @throws IllegalStateException when QEMU fails to, with its reason
   */
  public void saveSnapshot(Path state, Duration timeout) {
    migrate(state, timeout, "save the guest's state to", () -> qmp.migrate("exec:cat > " + ShellWords.quote(state.toString())));
  }

  /**
   * Restores the devices' state from a file into a QEMU started for it ({@link
   * SnapshotLayout#incoming()}); the guest runs on from where the snapshot was taken.
   *
   * @param state the file written by {@link #saveSnapshot}
   * @param timeout how long it may take
   * @throws IllegalStateException when QEMU fails to, with its reason
   */
  public void restoreSnapshot(Path state, Duration timeout) {
    migrate(state, timeout, "restore the guest's state from", () -> qmp.migrateIncoming("exec:cat " + ShellWords.quote(state.toString())));
  }

  private void migrate(Path state, Duration timeout, String what, QmpCall start) {
    try {
      start.call();
      MigrationStatus[] status = {MigrationStatus.NONE};
      await("QEMU to " + what + " " + state)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2))
          .until(() -> {
            status[0] = process.isAlive() ? qmp.migrationStatus() : MigrationStatus.failed("QEMU exited");
            return status[0].ended();
          });
      if (!status[0].completed()) {
        throw new IllegalStateException(failure("could not " + what + " " + state + " (" + status[0] + ")"));
      }
    } catch (IOException e) {
      throw new IllegalStateException(failure("could not " + what + " " + state + ": " + e.getMessage()), e);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(failure("did not " + what + " " + state + " within " + timeout.toSeconds() + " s"), e);
    }
  }

  /**
   * Plugs the shares' {@code vhost-user-fs} devices into the empty root ports of a restored guest,
   * in the order of {@link QemuSpec#vhostUserFs()}; the guest finds them when it rescans its PCI
   * bus.
   *
   * @throws IllegalStateException when QEMU refuses one
   */
  public void plugShares() {
    try {
      new SharePlugs(qmp).plugShares(spec.tags());
    } catch (IOException e) {
      throw new IllegalStateException(failure("could not plug in the shares " + spec.tags() + ": " + e.getMessage()), e);
    }
  }

  /**
   * Plugs the device of a share served by a restarted virtiofsd into a spare root port: QEMU
   * connects to the daemon's socket, and the guest finds the device when it rescans its PCI bus.
   *
   * @param spare the spare port, 0 to {@link #sparePorts()} - 1, each used once
   * @param socket the daemon's socket
   * @param tag the tag the guest mounts it by, unlike any tag the guest has seen
   * @throws IllegalStateException when QEMU refuses, with its reason
   */
  public void plugRestartedShare(int spare, Path socket, String tag) {
    try {
      new SharePlugs(qmp).plugSpare(spare, socket, tag);
    } catch (IOException e) {
      throw new IllegalStateException(failure("could not plug in the restarted share " + tag + ": " + e.getMessage()), e);
    }
  }

  /**
   * How many shares of this guest can be restarted in all: the spare root ports it has.
   *
   * @return the count; 0 for a guest of another image
   */
  public int sparePorts() {
    return spec.execSocket().isPresent() ? SharePlugs.SPARE_PORTS : 0;
  }

  @FunctionalInterface
  private interface QmpCall {
    void call() throws IOException;
  }

  /**
   * The host port on 127.0.0.1 that reaches the guest's SSH server.
   *
   * @return the port
   */
  public int sshPort() {
    return sshPort;
  }

  /**
   * QEMU's {@code info usernet}: the user network's connections and forwards.
   *
   * @return its text, lines ending in {@code \r\n}
   * @throws IOException when QMP fails
   */
  public String usernet() throws IOException {
    return qmp.humanMonitor("info usernet");
  }

  /**
   * Adds a forward from a port that the host picks on 127.0.0.1 to a TCP port of the guest.
   *
   * @param guestPort the guest's port
   * @throws IOException when QMP fails or QEMU refuses, with its reason
   */
  public void addHostForward(int guestPort) throws IOException {
    // success is silence; a refusal is the monitor's output, not a QMP error
    String reply = qmp.humanMonitor("hostfwd_add net0 tcp:127.0.0.1:0-:" + guestPort);
    if (!reply.isBlank()) {
      throw new IOException("QEMU refused the forward to guest port " + guestPort + ": " + reply.strip());
    }
  }

  /**
   * Tells whether QEMU still runs.
   *
   * @return {@code true} while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The process guard, for tests that look at the pids behind it.
   *
   * @return the guarded process
   */
  public GuardedProcess process() {
    return process;
  }

  /**
   * QEMU's command line.
   *
   * @return the command line
   */
  public List<String> commandLine() {
    return commandLine;
  }

  /**
   * Explains a failure of this QEMU: what happened, its command line, its own output and the
   * guest console's last lines.
   *
   * @param what what happened
   * @return the message
   */
  public String failure(String what) {
    return String.format(
        "QEMU %s.%nCommand line: %s%nQEMU output (%s):%n%s%nLast 30 lines of the guest console"
            + " (%s):%n%s",
        what,
        String.join(" ", commandLine),
        process.log(),
        LogTail.of(process.log(), 10),
        spec.console(),
        LogTail.of(spec.console(), 30));
  }

  /** Lets QEMU outlive this JVM, for a kept guest (see {@link GuardedProcess#detach()}). */
  public void detach() {
    process.detach();
    detached = true;
  }

  /** Stops QEMU: QMP {@code quit}, then SIGTERM and SIGKILL if needed. Idempotent. */
  @Override
  public void close() {
    if (detached) {
      return;
    }
    if (qmp != null) {
      try {
        qmp.quit();
      } catch (IOException e) {
        // QEMU is already going; the guard makes sure
      }
      process.awaitExit(Duration.ofSeconds(2));
      qmp.close();
    }
    process.close();
  }
}
