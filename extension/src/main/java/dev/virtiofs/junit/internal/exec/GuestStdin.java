package dev.virtiofs.junit.internal.exec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The stdin of a streaming command: each write goes out as {@link FrameType#STDIN} frames of at
 * most 64 KiB, at most a window ahead of what the agent has written to the command's pipe ({@link
 * FrameType#STDIN_CREDIT}), so a command that reads slowly slows the writer instead of filling the
 * guest's memory. {@link #close()} sends {@link FrameType#STDIN_END}, the end of file.
 */
final class GuestStdin extends OutputStream {

  static final int CHUNK = 64 * 1024;

  /** Sends one frame of this command. */
  @FunctionalInterface
  interface Sender {
    void send(FrameType type, byte[] payload) throws IOException;
  }

  private final Sender sender;
  private final long window;
  private long inFlight;
  private boolean closed;
  private String ended;

  GuestStdin(Sender sender, int window) {
    this.sender = sender;
    this.window = window;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, bytes.length);
    for (int at = off; at < off + len; at += CHUNK) {
      int size = Math.min(CHUNK, off + len - at);
      awaitRoom(size);
      sender.send(FrameType.STDIN, Arrays.copyOfRange(bytes, at, at + size));
    }
  }

  private synchronized void awaitRoom(int size) throws IOException {
    while (ended == null && !closed && inFlight + size > window) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to a guest process's stdin");
      }
    }
    if (closed) {
      throw new IOException("the guest process's stdin is closed");
    }
    if (ended != null) {
      throw new IOException("cannot write to the guest process's stdin: " + ended);
    }
    inFlight += size;
  }

  /** {@link FrameType#STDIN_CREDIT}: the agent wrote (or dropped) this many bytes. */
  synchronized void credit(int bytes) {
    inFlight -= bytes;
    notifyAll();
  }

  /** The command exited, or the channel went: writes fail from now on. */
  synchronized void end(String why) {
    ended = why;
    notifyAll();
  }

  /** Sends the end of file once; idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
      if (ended != null) {
        return;
      }
    }
    sender.send(FrameType.STDIN_END, new byte[0]);
  }
}
