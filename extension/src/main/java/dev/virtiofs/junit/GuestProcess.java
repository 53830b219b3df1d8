package dev.virtiofs.junit;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A command started in the guest by {@link Guest#start(String)}, running while the test talks to
 * it: its stdin, its stdout and stderr as streams or as lines, its exit status, signals.
 *
 * <pre>{@code
 * try (GuestProcess server = guest.start("busybox httpd -f -p 8080 -h /srv")) {
 *   server.onStderr(line -> System.err.println("httpd: " + line));
 *   guest.waitForPort(8080, Duration.ofSeconds(10));
 *   URI uri = URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/");
 *   // ...
 * } // killed, with every process it started
 * }</pre>
 *
 * <h2>Output and back-pressure</h2>
 *
 * Each output stream is read either as an {@link InputStream} ({@link #stdout()}) or as lines
 * ({@link #onStdout(Consumer)}), not both. The guest sends at most 1 MiB per stream ahead of what
 * the test has read (and, when the command exits, what its pipe still holds: up to 1 MiB more);
 * then the command blocks on its next write, as it would on a full pipe. So
 * nothing is lost and the JVM's heap does not grow with a slow reader, but a command whose large
 * output nobody reads stalls: read it, hand it to a line consumer, or {@link #discardOutput()}.
 * Everything it writes is also copied (its first 8 MiB per stream) to {@code process-<n>.stdout}
 * and {@code process-<n>.stderr} in the class's log directory.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #close()} kills the command's process group: the command and every process it started
 * (they run in a session of their own), even after the command itself has exited. A process still
 * running when the test that started it ends (or its class, for one started in {@code @BeforeAll})
 * is killed and reported: a warning through {@code System.Logger} and a line in {@code
 * processes.log} in the class's log directory.
 *
 * <p>Safe to use from several threads. Needs the guest's exec agent (the project's guest image).
 *
 * @since 0.1.0
 */
public interface GuestProcess extends AutoCloseable {

  /**
   * The command line, as given to {@link Guest#start(String)}.
   *
   * @return the command
   */
  String command();

  /**
   * The command's standard input: writes block while the command is a window (1 MiB) behind;
   * {@link OutputStream#close()} sends the end of file. Writing after the command exited throws
   * an {@link java.io.IOException}.
   *
   * @return its stdin
   */
  OutputStream stdin();

  /**
   * The command's standard output, as bytes; end of stream once it has exited.
   *
   * @return its stdout
   * @throws IllegalStateException when {@link #onStdout(Consumer)} took the stream
   */
  InputStream stdout();

  /**
   * The command's standard error, as bytes; end of stream once it has exited.
   *
   * @return its stderr
   * @throws IllegalStateException when {@link #onStderr(Consumer)} took the stream
   */
  InputStream stderr();

  /**
   * Hands each line of standard output (UTF-8, without its line end; a last unterminated line
   * too) to a consumer, in order, on a thread of its own, from the command's first byte on. An
   * exception from the consumer is logged and the lines go on.
   *
   * @param lines the consumer
   * @return this process
   * @throws IllegalStateException when the stream was taken already
   */
  GuestProcess onStdout(Consumer<String> lines);

  /**
   * As {@link #onStdout(Consumer)}, for standard error.
   *
   * @param lines the consumer
   * @return this process
   * @throws IllegalStateException when the stream was taken already
   */
  GuestProcess onStderr(Consumer<String> lines);

  /**
   * Drops the output not read yet, and all that follows, from streams not taken by a consumer:
   * for commands whose output is of no interest (it still reaches the log files).
   *
   * @return this process
   */
  GuestProcess discardOutput();

  /**
   * Waits for the command to exit and for its line consumers to have had every line.
   *
   * @param timeout how long to wait
   * @return its exit status (128 + signal when killed), or empty when it still runs at the
   *     deadline (it runs on; the test decides: {@link #kill()}, or wait again)
   * @throws GuestException when the guest's channel failed
   */
  OptionalInt waitFor(Duration timeout);

  /**
   * Tells whether the command still runs.
   *
   * @return {@code true} until its exit status has arrived
   */
  boolean isAlive();

  /**
   * Sends a signal to the command's process group, such as 15 (SIGTERM) or 2 (SIGINT).
   *
   * @param signal the signal number
   * @throws GuestException when the guest's channel is closed
   */
  void signal(int signal);

  /** Kills the command's process group with SIGKILL; its output so far can still be read. */
  void kill();

  /**
   * Kills the command and every process it started, waits (a few seconds at most) for its exit
   * status, and drops its unread output. Idempotent.
   */
  @Override
  void close();
}
