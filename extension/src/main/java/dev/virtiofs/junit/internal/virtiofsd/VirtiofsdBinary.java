package dev.virtiofs.junit.internal.virtiofsd;

import dev.virtiofs.junit.internal.hostprocess.CommandOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A virtiofsd binary on this host, with the flavour and version its {@code --version} printed.
 *
 * @param path the binary
 * @param flavour Rust or legacy C
 * @param version the version it reported
 */
public record VirtiofsdBinary(Path path, VirtiofsdFlavour flavour, String version) {

  private static final Pattern RUST = Pattern.compile("^virtiofsd (\\d+\\.\\d+(?:\\.\\d+)?)\\b");
  private static final Pattern C = Pattern.compile("^virtiofsd version (\\S+)");

  /**
   * Tells the flavour and version from what {@code virtiofsd --version} printed first.
   *
   * @param firstLine the first line of the output
   * @param path the binary, for the result
   * @return the binary, or empty when the output is not a virtiofsd's
   */
  public static Optional<VirtiofsdBinary> fromVersionOutput(String firstLine, Path path) {
    Matcher rust = RUST.matcher(firstLine);
    if (rust.find()) {
      return Optional.of(new VirtiofsdBinary(path, VirtiofsdFlavour.RUST, rust.group(1)));
    }
    Matcher c = C.matcher(firstLine);
    if (c.find()) {
      return Optional.of(new VirtiofsdBinary(path, VirtiofsdFlavour.C, c.group(1)));
    }
    return Optional.empty();
  }

  /**
   * Runs {@code path --version} and identifies the daemon.
   *
   * @param path the binary to probe
   * @return the binary
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static VirtiofsdBinary probe(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no such file");
    }
    if (!Files.isExecutable(path)) {
      throw new IllegalArgumentException("not executable by this user");
    }
    CommandOutput out;
    try {
      out = CommandOutput.run(List.of(path.toString(), "--version"), Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run it: " + e.getMessage(), e);
    }
    return fromVersionOutput(out.firstLine(), path)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a virtiofsd: '--version' printed [" + out.firstLine() + "]"));
  }

  /**
   * Says what this is, for reports: {@code "virtiofsd 1.13.2 (Rust) at /usr/libexec/virtiofsd"}.
   *
   * @return a one-line description
   */
  public String describe() {
    return String.format(
        "virtiofsd %s (%s) at %s", version, flavour == VirtiofsdFlavour.RUST ? "Rust" : "C", path);
  }
}
