package dev.virtiofs.junit.internal.guestprocess;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * A thread that reads one output stream of a guest process to its end and hands each line to a
 * consumer. A failing consumer is logged and the lines go on, so the command is never held up.
 */
final class LinePump {

  private static final System.Logger LOGGER = System.getLogger(LinePump.class.getName());

  private final Thread thread;

  private LinePump(Thread thread) {
    this.thread = thread;
  }

  static LinePump start(String name, InputStream stream, Consumer<String> consumer) {
    boolean[] warned = {false};
    LineSplitter splitter = new LineSplitter(line -> {
      try {
        consumer.accept(line);
      } catch (RuntimeException e) {
        if (!warned[0]) {
          warned[0] = true;
          LOGGER.log(Level.WARNING, name + ": the line consumer failed (later failures are not logged): " + e, e);
        }
      }
    });
    Thread thread = new Thread(() -> pump(name, stream, splitter), name);
    thread.setDaemon(true);
    thread.start();
    return new LinePump(thread);
  }

  private static void pump(String name, InputStream stream, LineSplitter splitter) {
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = stream.read(buffer)) >= 0; ) {
        splitter.feed(buffer, 0, n);
      }
    } catch (IOException e) {
      LOGGER.log(Level.DEBUG, name + ": " + e.getMessage());
    }
    splitter.finish();
  }

  /** Waits until every line has been handed on, at most until the deadline (nanoTime). */
  boolean awaitDone(long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      thread.join(left / 1_000_000, (int) (left % 1_000_000));
    }
    return !thread.isAlive();
  }
}
