package dev.virtiofs.junit.internal.guestprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Where a guest process's output is copied, in the class's log directory: {@code
 * process-<n>.stdout} and {@code process-<n>.stderr} (the first {@value #LIMIT} bytes of each),
 * and a line per start and end in {@code processes.log}. A file that cannot be written is given
 * up on, with a warning: the test goes on.
 */
final class ProcessLog implements AutoCloseable {

  static final int LIMIT = 8 << 20;
  static final String STORY = "processes.log";

  private static final System.Logger LOGGER = System.getLogger(ProcessLog.class.getName());

  private final Path dir;
  private final int number;
  private final OutputStream[] streams = new OutputStream[2];
  private final long[] written = new long[2];
  private boolean closed;

  ProcessLog(Path dir, int number) {
    this.dir = dir;
    this.number = number;
  }

  Path dir() {
    return dir;
  }

  Path file(int stream) {
    return dir.resolve("process-" + number + (stream == 0 ? ".stdout" : ".stderr"));
  }

  /** Copies a chunk of output; called on the channel's reader thread, in arrival order. */
  synchronized void write(byte[] chunk, int stream) {
    long room = LIMIT - written[stream];
    if (closed) {
      return;
    }
    if (room <= 0) {
      written[stream] += chunk.length;
      return;
    }
    try {
      if (streams[stream] == null) {
        streams[stream] = Files.newOutputStream(file(stream));
      }
      streams[stream].write(chunk, 0, (int) Math.min(room, chunk.length));
    } catch (IOException e) {
      LOGGER.log(Level.WARNING, "cannot copy guest process " + number + "'s output to " + file(stream) + ": " + e);
      written[stream] = LIMIT;
    }
    written[stream] += chunk.length;
  }

  /** Adds a line to {@code processes.log}. */
  void story(String line) {
    String text = Instant.now() + " process " + number + ": " + line + System.lineSeparator();
    synchronized (ProcessLog.class) {
      try {
        Files.writeString(dir.resolve(STORY), text, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        LOGGER.log(Level.WARNING, "cannot write " + dir.resolve(STORY) + ": " + e);
      }
    }
  }

  /** How much of a stream was not copied, for the story. */
  synchronized long beyondLimit(int stream) {
    return Math.max(0, written[stream] - LIMIT);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (OutputStream stream : streams) {
      try {
        if (stream != null) {
          stream.close();
        }
      } catch (IOException e) {
        // the copy is for reading later; losing its tail loses nothing of the test
      }
    }
  }
}
