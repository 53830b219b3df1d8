package dev.virtiofs.junit.internal.hostprocess;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages. */
public final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /**
   * Reads the last lines of a file, each indented by two spaces.
   *
   * @param file the log
   * @param lines how many lines at most
   * @return the lines, or a note that the file is empty or unreadable
   */
  public static String of(Path file, int lines) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      // Serial consoles end lines with \r\n and may carry escape sequences.
      String text =
          new String(bytes, StandardCharsets.UTF_8)
              .replace("\r", "")
              .replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
      List<String> all = text.lines().toList();
      if (all.isEmpty()) {
        return "  (empty)";
      }
      StringBuilder tail = new StringBuilder();
      for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
        tail.append("  ").append(line).append(System.lineSeparator());
      }
      return tail.toString().stripTrailing();
    } catch (IOException e) {
      return "  (cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
