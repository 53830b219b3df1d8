package dev.virtiofs.junit.internal.qemu;

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
 * A QEMU system emulator on this host: its version, whether it has the {@code vhost-user-fs-pci}
 * device, and the qboot firmware beside it if there is one.
 *
 * @param path the binary
 * @param version the version it reported, such as {@code 7.2.22}
 * @param hasVhostUserFs whether {@code -device help} lists {@code vhost-user-fs-pci}
 * @param qboot the qboot firmware, which starts a kernel faster than SeaBIOS, if installed
 */
public record QemuBinary(Path path, String version, boolean hasVhostUserFs, Optional<Path> qboot) {

  /** The oldest QEMU with {@code vhost-user-fs-pci}: {@value}. */
  public static final String MIN_VERSION = "4.2";

  /** The binary searched on {@code PATH} when none is configured: {@value}. */
  public static final String DEFAULT_NAME = "qemu-system-x86_64";

  private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)");

  /**
   * Runs {@code -version} and {@code -device help}.
   *
   * @param path the binary
   * @return what it is
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static QemuBinary probe(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no such file");
    }
    if (!Files.isExecutable(path)) {
      throw new IllegalArgumentException("not executable by this user");
    }
    String version = run(path, "-version").firstLine();
    Matcher matcher = VERSION.matcher(version);
    if (!matcher.find()) {
      throw new IllegalArgumentException("not QEMU: '-version' printed [" + version + "]");
    }
    String number = version.replaceAll(".*QEMU emulator version (\\S+).*", "$1");
    boolean device = run(path, "-device", "help").output().contains("\"vhost-user-fs-pci\"");
    return new QemuBinary(path, number, device, findQboot(path));
  }

  /**
   * Tells whether this QEMU is at least {@link #MIN_VERSION}.
   *
   * @return {@code true} when it is new enough
   */
  public boolean newEnough() {
    return atLeast(version, 4, 2);
  }

  static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("\\.");
    int actualMajor = Integer.parseInt(parts[0]);
    int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
    return actualMajor > major || (actualMajor == major && actualMinor >= minor);
  }

  private static Optional<Path> findQboot(Path binary) {
    Path real;
    try {
      real = binary.toRealPath();
    } catch (IOException e) {
      real = binary;
    }
    Path prefix = real.getParent() == null ? null : real.getParent().getParent();
    return List.of(
            prefix == null ? Path.of("/usr") : prefix, Path.of("/usr"), Path.of("/usr/local"))
        .stream()
        .map(dir -> dir.resolve("share/qemu/qboot.rom"))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  private static CommandOutput run(Path path, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(path.toString());
    command.addAll(List.of(args));
    try {
      CommandOutput out = CommandOutput.run(command, Duration.ofSeconds(20));
      if (out.exitCode() != 0) {
        throw new IllegalArgumentException(
            String.format(
                "'%s' exited with status %d: %s",
                String.join(" ", command), out.exitCode(), out.firstLine()));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run it: " + e.getMessage(), e);
    }
  }

  /**
   * Says what this is, for reports.
   *
   * @return a one-line description
   */
  public String describe() {
    return "QEMU " + version + " at " + path;
  }
}
