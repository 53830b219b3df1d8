package dev.virtiofs.junit.internal.virtiofsd;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.hostprocess.GuardedProcess;
import dev.virtiofs.junit.internal.hostprocess.LogTail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One running virtiofsd, serving one share on a vhost-user socket.
 *
 * <p>Started before QEMU (which connects to the socket) and stopped after it; virtiofsd also ends
 * by itself when QEMU disconnects.
 */
public final class VirtiofsdProcess implements AutoCloseable {

  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private final GuardedProcess process;
  private final Path socket;
  private final List<String> commandLine;

  private VirtiofsdProcess(GuardedProcess process, Path socket, List<String> commandLine) {
    this.process = process;
    this.socket = socket;
    this.commandLine = commandLine;
  }

  /**
   * Starts virtiofsd and waits until its socket exists.
   *
   * @param commandLine from {@link VirtiofsdCommandLine}
   * @param socket the socket named in it
   * @param log where its output goes
   * @return the running daemon
   * @throws IllegalStateException when it exits or does not create its socket in time; the
   *     message holds its log
   */
  public static VirtiofsdProcess start(List<String> commandLine, Path socket, Path log) {
    GuardedProcess process =
        GuardedProcess.start("virtiofsd", commandLine, log, Duration.ofSeconds(2));
    VirtiofsdProcess daemon = new VirtiofsdProcess(process, socket, commandLine);
    try {
      await("virtiofsd socket " + socket)
          .atMost(SOCKET_TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> Files.exists(socket) || !process.isAlive());
    } catch (ConditionTimeoutException e) {
      daemon.close();
      throw new IllegalStateException(daemon.failure("did not create its socket within 10 s"), e);
    }
    if (!process.isAlive()) {
      daemon.close();
      throw new IllegalStateException(
          daemon.failure("exited with status " + process.exitValue() + " before listening"));
    }
    return daemon;
  }

  /**
   * Tells whether the daemon still runs.
   *
   * @return {@code true} while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The daemon's pid (the leader of its process group; the daemons' sandboxes fork a child).
   *
   * @return the pid, or -1 once it has ended
   */
  public long pid() {
    return process.commandPid().orElse(-1);
  }

  /**
   * Sends a signal to the daemon and the children it forked.
   *
   * @param signal the signal's name, such as {@code KILL}, {@code STOP} or {@code CONT}
   * @return whether it was there to be signalled
   */
  public boolean signal(String signal) {
    return process.signalGroup(signal);
  }

  /**
   * The vhost-user socket QEMU connects to.
   *
   * @return the socket path
   */
  public Path socket() {
    return socket;
  }

  /**
   * The daemon's log file.
   *
   * @return the log path
   */
  public Path log() {
    return process.log();
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
   * Explains a failure of this daemon: what happened, its command line and its log.
   *
   * @param what what happened
   * @return the message
   */
  public String failure(String what) {
    return String.format(
        "virtiofsd %s.%nCommand line: %s%nLog (%s):%n%s",
        what, String.join(" ", commandLine), log(), LogTail.of(log(), 30));
  }

  /** Lets virtiofsd outlive this JVM, for a kept guest (see {@link GuardedProcess#detach()}). */
  public void detach() {
    process.detach();
  }

  @Override
  public void close() {
    process.close();
  }
}
