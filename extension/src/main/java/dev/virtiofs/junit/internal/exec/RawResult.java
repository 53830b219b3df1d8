package dev.virtiofs.junit.internal.exec;

import dev.virtiofs.junit.ExecResult;
import java.nio.charset.StandardCharsets;

/**
 * A command's exit status and raw output.
 *
 * @param exitCode the exit status (128 + signal when killed), -1 when the guest sent none
 * @param stdout standard output
 * @param stderr standard error
 */
public record RawResult(int exitCode, byte[] stdout, byte[] stderr) {

  /**
   * The result with its output decoded as UTF-8 text.
   *
   * @return the text result
   */
  public ExecResult text() {
    return new ExecResult(exitCode, new String(stdout, StandardCharsets.UTF_8),
        new String(stderr, StandardCharsets.UTF_8));
  }
}
