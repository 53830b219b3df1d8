package dev.virtiofs.junit.internal.guestprocess;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines: each ends at {@code \n} (a {@code \r} before it is dropped), is
 * decoded as UTF-8 once whole, so a character split across chunks stays whole; what follows the
 * last line end is a line too, at the end.
 */
public final class LineSplitter {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Consumer<String> lines;

  /**
   * Makes a splitter.
   *
   * @param lines gets each line, without its line end
   */
  public LineSplitter(Consumer<String> lines) {
    this.lines = lines;
  }

  /**
   * Takes the next bytes of the stream.
   *
   * @param bytes a buffer
   * @param off where they start
   * @param len how many
   */
  public void feed(byte[] bytes, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i - start);
        emit();
        start = i + 1;
      }
    }
    line.write(bytes, start, off + len - start);
  }

  /** The stream has ended: an unterminated last line is handed on too. */
  public void finish() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() {
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    line.reset();
    lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }
}
