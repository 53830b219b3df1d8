package dev.virtiofs.junit.internal.guestprocess;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.internal.exec.ExecStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** A {@link GuestProcess} run by the exec agent: a streaming command ({@link ExecStream}). */
final class ChannelGuestProcess implements GuestProcess {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final int FREE = 0;
  private static final int STREAM = 1;
  private static final int CONSUMER = 2;
  private static final int DISCARDED = 3;

  private final int number;
  private final String command;
  private final ExecStream stream;
  private final ProcessLog log;
  private final Consumer<ChannelGuestProcess> onClose;
  private final LinePump[] pumps = new LinePump[2];
  private final int[] taken = new int[2];
  private boolean closed;

  ChannelGuestProcess(int number, String command, ExecStream stream, ProcessLog log,
      Consumer<ChannelGuestProcess> onClose) {
    this.number = number;
    this.command = command;
    this.stream = stream;
    this.log = log;
    this.onClose = onClose;
    stream.exit().whenComplete((status, failure) -> log.story(failure == null
        ? "exited with status " + status + beyond()
        : "lost: " + failure.getMessage()));
  }

  private String beyond() {
    long out = log.beyondLimit(0);
    long err = log.beyondLimit(1);
    return out + err == 0 ? "" : " (" + out + " bytes of stdout and " + err + " of stderr past the log files' limit not copied)";
  }

  int number() {
    return number;
  }

  void story(String line) {
    log.story(line);
  }

  Path logDir() {
    return log.dir();
  }

  @Override
  public String command() {
    return command;
  }

  @Override
  public OutputStream stdin() {
    return stream.stdin();
  }

  @Override
  public InputStream stdout() {
    take(0, STREAM);
    return stream.stdout();
  }

  @Override
  public InputStream stderr() {
    take(1, STREAM);
    return stream.stderr();
  }

  @Override
  public GuestProcess onStdout(Consumer<String> lines) {
    return pump(0, lines);
  }

  @Override
  public GuestProcess onStderr(Consumer<String> lines) {
    return pump(1, lines);
  }

  private synchronized GuestProcess pump(int which, Consumer<String> lines) {
    Objects.requireNonNull(lines, "lines");
    take(which, CONSUMER);
    pumps[which] = LinePump.start("virtiofs-junit-process-" + number + (which == 0 ? "-stdout" : "-stderr"),
        which == 0 ? stream.stdout() : stream.stderr(), lines);
    return this;
  }

  /** A stream is read one way: as an InputStream (as often as asked), or by one consumer. */
  private synchronized void take(int which, int how) {
    int was = taken[which];
    if (was != FREE && !(was == STREAM && how == STREAM)) {
      String name = which == 0 ? "stdout" : "stderr";
      throw new IllegalStateException(String.format(
          "The %s of guest process [%s] is taken already (%s); read a stream either as an InputStream or"
              + " through one line consumer, from the start", name, command,
          was == CONSUMER ? "by a line consumer" : was == STREAM ? "by " + name + "()" : "by discardOutput()"));
    }
    taken[which] = how;
  }

  @Override
  public synchronized GuestProcess discardOutput() {
    for (int which = 0; which < 2; which++) {
      if (taken[which] != CONSUMER) {
        taken[which] = DISCARDED;
        close(which == 0 ? stream.stdout() : stream.stderr());
      }
    }
    return this;
  }

  private static void close(InputStream input) {
    try {
      input.close();
    } catch (IOException e) {
      // a stream of chunks in memory: nothing to fail
    }
  }

  @Override
  public OptionalInt waitFor(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      int status = stream.exit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      for (LinePump pump : pumpsNow()) {
        if (pump != null && !pump.awaitDone(deadline)) {
          return OptionalInt.empty();
        }
      }
      return OptionalInt.of(status);
    } catch (TimeoutException e) {
      return OptionalInt.empty();
    } catch (ExecutionException e) {
      throw new GuestException("Guest process [" + command + "] was lost: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestException("Interrupted while waiting for guest process [" + command + "]", e);
    }
  }

  private synchronized LinePump[] pumpsNow() {
    return pumps.clone();
  }

  @Override
  public boolean isAlive() {
    return !stream.exit().isDone();
  }

  @Override
  public void signal(int signal) {
    try {
      stream.signal(signal);
    } catch (IOException e) {
      throw new GuestException("Cannot send signal " + signal + " to guest process [" + command + "]: " + e.getMessage(), e);
    }
  }

  @Override
  public void kill() {
    stream.kill();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stream.kill();
    stream.discardOutput();
    try {
      stream.stdin().close();
    } catch (IOException e) {
      // it is being killed
    }
    try {
      stream.exit().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.story("killed, but no exit status arrived within " + CLOSE_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stream.release();
      log.close();
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "guest process " + number + " [" + command + "]";
  }
}
