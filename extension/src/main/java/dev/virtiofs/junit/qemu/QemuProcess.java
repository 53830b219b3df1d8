package dev.virtiofs.junit.qemu;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.process.GuardedProcess;
import dev.virtiofs.junit.process.LogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
          .pollInterval(Duration.ofMillis(5))
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
   * The host port on 127.0.0.1 that reaches the guest's SSH server.
   *
   * @return the port
   */
  public int sshPort() {
    return sshPort;
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
