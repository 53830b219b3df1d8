package dev.virtiofs.junit.internal.guestprocess;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.exec.ExecStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The processes a guest's tests start ({@code Guest.start}): numbered, their output copied to the
 * class's log directory, each owned by the test that started it (or by the class, outside tests)
 * so that none outlives its owner. The class's store closes this, before the exec channel.
 *
 * <p>Ownership follows the test that began last: tests of one class run one at a time unless the
 * class runs them concurrently, and then a process belongs to the latest test to have started.
 */
public final class GuestProcesses implements AutoCloseable {

  private final ExecChannel channel;
  private final Path logDir;
  private final AtomicInteger numbers = new AtomicInteger(1);
  private final ProcessScope classScope;
  private final AtomicReference<ProcessScope> current = new AtomicReference<>();

  /**
   * Makes the registry of one guest.
   *
   * @param channel the guest's exec channel, or {@code null} for a guest reached over SSH only
   * @param logDir the class's log directory
   * @param className the test class, for reports
   */
  public GuestProcesses(ExecChannel channel, Path logDir, String className) {
    this.channel = channel;
    this.logDir = logDir;
    this.classScope = new ProcessScope("class " + className + " outside its tests", ended -> { });
    this.current.set(classScope);
  }

  /**
   * Starts a command in the guest, owned by the current test.
   *
   * @param command the shell command line
   * @return the process
   * @throws GuestException when the guest has no exec agent or its channel is closed
   */
  public GuestProcess start(String command) {
    Objects.requireNonNull(command, "command");
    if (channel == null) {
      throw new GuestException("Guest.start(command) needs the exec agent of the project's guest image;"
          + " this guest runs another image, reached over SSH: start [" + command + "] through ssh()"
          + " (an sshj Session) instead", null);
    }
    int number = numbers.getAndIncrement();
    ProcessLog log = new ProcessLog(logDir, number);
    ProcessScope owner = current.get();
    ExecStream stream;
    try {
      stream = channel.stream(command, ExecStream.DEFAULT_WINDOW, log::write);
    } catch (IOException e) {
      throw new GuestException("Cannot start [" + command + "] in the guest: " + e.getMessage(), e);
    }
    log.story("started by " + owner.name() + ": " + command);
    ChannelGuestProcess process = new ChannelGuestProcess(number, command, stream, log, owner::remove);
    owner.add(process);
    return process;
  }

  /**
   * Begins a test: the processes started from now on are its own, until the returned scope is
   * closed, which kills and reports those still running.
   *
   * @param testName the test, for reports
   * @return the test's scope
   */
  public AutoCloseable openScope(String testName) {
    // a test that ends gives the class back only what is still its own: another test may have
    // begun meanwhile, in a class that runs its tests concurrently
    ProcessScope scope = new ProcessScope("test " + testName, ended -> current.compareAndSet(ended, classScope));
    current.set(scope);
    return scope;
  }

  /** Kills and reports the class's processes still running. Idempotent. */
  @Override
  public void close() {
    classScope.close();
  }
}
