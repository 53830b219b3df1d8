package dev.virtiofs.junit.internal.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.ObjIntConsumer;

/**
 * The host end of one streaming command ({@link FrameType#STREAM}): its stdin, its stdout and
 * stderr as streams that hand the agent its credit back as they are read, its exit status, signals.
 * Made by {@link ExecChannel#stream}.
 */
public final class ExecStream implements FrameSink {

  /** Bytes of output per stream the agent may send ahead of the reader: 1 MiB. */
  public static final int DEFAULT_WINDOW = 1 << 20;

  private final ExecChannel channel;
  private final int id;
  private final ObjIntConsumer<byte[]> tap;
  private final Acknowledgements acknowledgements;
  private final ChunkedInput stdout;
  private final ChunkedInput stderr;
  private final GuestStdin stdin;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  ExecStream(ExecChannel channel, int id, int window, ObjIntConsumer<byte[]> tap) {
    this.channel = channel;
    this.id = id;
    this.tap = tap;
    this.acknowledgements = new Acknowledgements(window);
    this.stdout = new ChunkedInput(bytes -> consumed(0, bytes));
    this.stderr = new ChunkedInput(bytes -> consumed(1, bytes));
    this.stdin = new GuestStdin((type, payload) -> channel.send(id, type, payload), window);
  }

  private void consumed(int stream, int bytes) {
    int due = acknowledgements.consumed(stream, bytes);
    if (due > 0 && !exit.isDone()) {
      byte[] payload = Frames.acknowledgement(stream == 0 ? due : 0, stream == 1 ? due : 0);
      channel.sendQuietly(id, FrameType.ACKNOWLEDGE, payload);
    }
  }

  @Override
  public void frame(FrameType type, byte[] payload) {
    switch (type) {
      case STDOUT -> {
        tap.accept(payload, 0);
        stdout.add(payload);
      }
      case STDERR -> {
        tap.accept(payload, 1);
        stderr.add(payload);
      }
      case STDIN_CREDIT -> stdin.credit(Frames.u32(payload));
      case STATUS -> {
        stdout.end();
        stderr.end();
        stdin.end("it has exited");
        exit.complete(Frames.u32(payload));
      }
      case FAILED -> failed(new IOException("the guest's exec agent could not start the command: "
          + new String(payload, StandardCharsets.UTF_8)));
      default -> failed(new IOException("unexpected frame type " + type + " from the agent"));
    }
  }

  @Override
  public void failed(IOException cause) {
    stdout.fail(cause);
    stderr.fail(cause);
    stdin.end(cause.getMessage());
    exit.completeExceptionally(cause);
  }

  /** @return what the command reads; close it to send the end of file */
  public OutputStream stdin() {
    return stdin;
  }

  /** @return the command's standard output */
  public InputStream stdout() {
    return stdout;
  }

  /** @return the command's standard error */
  public InputStream stderr() {
    return stderr;
  }

  /** @return its exit status (128 + signal when killed) once it has exited and its pipes are dry */
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /**
   * Sends a signal to the command's process group.
   *
   * @param signal the signal number
   * @throws IOException when the channel is closed
   */
  public void signal(int signal) throws IOException {
    channel.send(id, FrameType.SIGNAL, Frames.u32(signal));
  }

  /**
   * Kills the command's process group with SIGKILL, processes it left after it exited too; the
   * agent then forgets the command once it has exited.
   */
  public void kill() {
    channel.sendQuietly(id, FrameType.KILL);
  }

  /** Drops the output not yet read, and what comes later, so the command is never held up by it. */
  public void discardOutput() {
    stdout.close();
    stderr.close();
  }

  /** Forgets this command on the host; late frames are dropped. */
  public void release() {
    channel.forget(id);
  }
}
