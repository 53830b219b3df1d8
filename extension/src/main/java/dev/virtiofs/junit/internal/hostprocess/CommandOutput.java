package dev.virtiofs.junit.internal.hostprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a short-lived command (a {@code --version} probe) printed, standard output and error
 * merged.
 *
 * @param exitCode the exit status, or -1 when it did not end in time
 * @param output what it printed
 */
public record CommandOutput(int exitCode, String output) {

  /**
   * Runs a command to its end and captures what it printed.
   *
   * @param command the command line
   * @param timeout how long it may take; after that it is killed
   * @return its exit status and output
   * @throws IOException when it cannot be started (not found, not executable)
   */
  public static CommandOutput run(List<String> command, Duration timeout) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    try (InputStream out = process.getInputStream()) {
      // Probes print a few lines; reading to the end cannot block past the process's exit.
      byte[] bytes = out.readNBytes(1 << 20);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new CommandOutput(-1, new String(bytes, StandardCharsets.UTF_8));
      }
      return new CommandOutput(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }

  /**
   * The first line of the output, trimmed.
   *
   * @return the first line, or an empty string
   */
  public String firstLine() {
    return output.lines().findFirst().orElse("").trim();
  }
}
