package dev.virtiofs.junit.internal.hostprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A host process (QEMU or virtiofsd) that cannot outlive the JVM that started it.
 *
 * <p>It runs under a small single-threaded shell guard ({@code guard.sh}): the command gets a
 * session of its own and {@code PR_SET_PDEATHSIG=KILL} against the guard, and the guard's standard
 * input is a pipe from this JVM. When that pipe closes, because {@link #close()} closed it or the
 * JVM died (even by {@code SIGKILL}, or an IDE's stop button), the guard sends the command's
 * process group {@code SIGTERM}, then {@code SIGKILL} after a grace period. Setting {@code
 * PR_SET_PDEATHSIG} from the JVM directly would be unsafe: it fires when the <em>thread</em> that
 * forked exits, and JUnit's worker threads come and go.
 *
 * <p>Standard output and error go, appended, to a log file.
 */
public final class GuardedProcess implements AutoCloseable {

  private static final String GUARD_SCRIPT = readGuardScript();

  private final String name;
  private final Process guard;
  private final OutputStream lifeline;
  private final Path log;
  private final Duration grace;
  private volatile boolean detached;

  private GuardedProcess(String name, Process guard, Path log, Duration grace) {
    this.name = name;
    this.guard = guard;
    this.lifeline = guard.getOutputStream();
    this.log = log;
    this.grace = grace;
  }

  /**
   * Starts a command under the guard.
   *
   * @param name what the process is, for messages ({@code "QEMU"})
   * @param command the command line
   * @param log the file standard output and error are appended to
   * @param grace how long the command gets between SIGTERM and SIGKILL when stopped
   * @return the running process
   * @throws UncheckedIOException when the guard shell cannot be started
   */
  public static GuardedProcess start(String name, List<String> command, Path log, Duration grace) {
    List<String> guarded = new ArrayList<>();
    guarded.add("/bin/sh");
    guarded.add("-c");
    guarded.add(GUARD_SCRIPT);
    guarded.add("virtiofs-junit-guard");
    guarded.add(Long.toString(Math.max(1, grace.toMillis() / 100)));
    guarded.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(guarded)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
    try {
      return new GuardedProcess(name, builder.start(), log, grace);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("Could not start %s [%s]: %s", name, command.get(0), e.getMessage()), e);
    }
  }

  /**
   * Tells whether the command is still running.
   *
   * @return {@code true} while it runs
   */
  public boolean isAlive() {
    return guard.isAlive();
  }

  /**
   * The command's exit status, once it has ended.
   *
   * @return the exit status; 128 plus the signal number when a signal ended it
   * @throws IllegalThreadStateException while it runs
   */
  public int exitValue() {
    return guard.exitValue();
  }

  /**
   * The pid of the guard shell; the command and what it forks are its descendants.
   *
   * @return the guard's process handle
   */
  public ProcessHandle handle() {
    return guard.toHandle();
  }

  /**
   * The pid of the command itself: the guard's child that leads a process group of its own (the
   * guard's other child, its watcher, does not).
   *
   * @return the pid, or empty once the command has ended
   */
  public OptionalLong commandPid() {
    return guard.toHandle().children().mapToLong(ProcessHandle::pid).filter(GuardedProcess::leadsItsGroup)
        .findFirst();
  }

  /**
   * Sends a signal to the command's whole process group (a daemon and the children it forked), as
   * {@code kill -s SIGNAL -- -PGID} does.
   *
   * @param signal the signal's name, such as {@code STOP}
   * @return whether the group was there to be signalled
   */
  public boolean signalGroup(String signal) {
    OptionalLong pid = commandPid();
    if (pid.isEmpty()) {
      return false;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pid.getAsLong())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run kill to send " + signal + " to " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether a process leads its own process group, as {@code /proc/PID/stat} says. */
  static boolean leadsItsGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // after the command name, in parentheses that may hold anything: state, ppid, pgrp
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[2]) == pid;
    } catch (IOException | RuntimeException e) {
      return false; // gone already
    }
  }

  /**
   * The log file of the command's standard output and error.
   *
   * @return the log path
   */
  public Path log() {
    return log;
  }

  /**
   * What the process is, as given to {@link #start}.
   *
   * @return its name
   */
  public String name() {
    return name;
  }

  /**
   * Waits for the command to end on its own.
   *
   * @param timeout how long to wait
   * @return {@code true} if it ended in time
   */
  public boolean awaitExit(Duration timeout) {
    try {
      return guard.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Lets the command outlive this JVM (a kept guest): the guard stops watching the pipe. The
   * command then ends only when its guard gets SIGTERM or SIGKILL.
   *
   * @throws java.io.UncheckedIOException when the guard is already gone
   */
  public void detach() {
    try {
      lifeline.write("keep\n".getBytes(StandardCharsets.US_ASCII));
      lifeline.flush();
      detached = true;
    } catch (IOException e) {
      throw new UncheckedIOException("The guard of " + name + " is gone: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the command: SIGTERM to its process group, SIGKILL after the grace period, and waits
   * for it. Idempotent.
   */
  @Override
  public void close() {
    if (detached) {
      return;
    }
    try {
      lifeline.close();
    } catch (IOException e) {
      // The guard already ended, which is what closing asks for.
    }
    if (!awaitExit(grace.plusSeconds(2))) {
      guard.destroyForcibly();
      awaitExit(Duration.ofSeconds(2));
    }
  }

  private static String readGuardScript() {
    try (InputStream in = GuardedProcess.class.getResourceAsStream("guard.sh")) {
      if (in == null) {
        throw new IllegalStateException("guard.sh is missing from the virtiofs-junit jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
