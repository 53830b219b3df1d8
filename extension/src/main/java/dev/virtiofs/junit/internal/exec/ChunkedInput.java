package dev.virtiofs.junit.internal.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * One output stream of a streaming command, as an {@link InputStream}: chunks arrive from the
 * channel's reader thread (never blocking it) and are read by the consumer, each byte read
 * reported so that the agent gets its credit back. The agent's window bounds what it holds.
 * Closing it drops what is held and what comes later, still crediting it, so a command whose
 * output nobody wants runs on.
 */
final class ChunkedInput extends InputStream {

  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final IntConsumer consumed;
  private int offset;
  private boolean ended;
  private boolean closed;
  private IOException failure;

  /**
   * @param consumed told how many bytes were read (or dropped), outside this stream's lock
   */
  ChunkedInput(IntConsumer consumed) {
    this.consumed = consumed;
  }

  void add(byte[] chunk) {
    boolean drop;
    synchronized (this) {
      drop = closed;
      if (!drop) {
        chunks.add(chunk);
        notifyAll();
      }
    }
    if (drop) {
      consumed.accept(chunk.length);
    }
  }

  synchronized void end() {
    ended = true;
    notifyAll();
  }

  synchronized void fail(IOException cause) {
    failure = cause;
    notifyAll();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, buffer.length);
    if (len == 0) {
      return 0;
    }
    int n;
    synchronized (this) {
      while (chunks.isEmpty() && !ended && failure == null && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading a guest process's output");
        }
      }
      if (chunks.isEmpty()) {
        if (failure != null && !ended) {
          throw new IOException("the guest process's output was cut off: " + failure.getMessage(), failure);
        }
        return -1;
      }
      byte[] head = chunks.peek();
      n = Math.min(len, head.length - offset);
      System.arraycopy(head, offset, buffer, off, n);
      offset += n;
      if (offset == head.length) {
        chunks.poll();
        offset = 0;
      }
    }
    consumed.accept(n);
    return n;
  }

  @Override
  public synchronized int available() {
    int bytes = -offset;
    for (byte[] chunk : chunks) {
      bytes += chunk.length;
    }
    return Math.max(0, bytes);
  }

  @Override
  public void close() {
    int dropped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = available();
      chunks.clear();
      offset = 0;
      notifyAll();
    }
    if (dropped > 0) {
      consumed.accept(dropped);
    }
  }
}
