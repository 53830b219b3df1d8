package dev.virtiofs.junit;

/**
 * What a command run in the guest by {@link Guest#exec(String)} produced.
 *
 * @param exitCode the command's exit status
 * @param stdout everything it wrote to standard output, decoded as UTF-8
 * @param stderr everything it wrote to standard error, decoded as UTF-8
 * @since 0.1.0
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

  /**
   * Tells whether the command exited with status 0.
   *
   * @return {@code true} when {@link #exitCode()} is 0
   */
  public boolean succeeded() {
    return exitCode == 0;
  }
}
