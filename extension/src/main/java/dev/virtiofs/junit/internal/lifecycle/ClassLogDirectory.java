package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.files.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The log directory of one test class, {@code <virtiofs.logDir>/<class name>} (and {@code
 * /kernel-<line>} in a kernel matrix): the guest console,
 * QEMU's and virtiofsd's output, and their exact command lines. Emptied when the class starts,
 * kept afterwards for inspection.
 */
public final class ClassLogDirectory {

  private final Path dir;

  private ClassLogDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes (or empties) the directory of one of a class's guests: the class's own ({@link
   * VmSpec#logDirectory}), or for one of several guests its subdirectory of that name, side by side
   * with the others'.
   *
   * @param logDir the configured log directory
   * @param spec what the class asked for
   * @param guest the guest's name among several, or empty for a class's only guest
   * @return the directory
   */
  public static ClassLogDirectory create(Path logDir, VmSpec spec, String guest) {
    Path classDir = spec.logDirectory(logDir);
    Path dir = guest.isEmpty() ? classDir : classDir.resolve(guest);
    try {
      Directories.deleteRecursively(dir);
      Files.createDirectories(dir.getParent());
      // the console and command lines are this user's business only
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not make the log directory "
              + dir
              + " (configuration parameter virtiofs.logDir): "
              + e.getMessage(),
          e);
    }
    return new ClassLogDirectory(dir);
  }

  /**
   * The directory.
   *
   * @return its path
   */
  public Path path() {
    return dir;
  }

  Path console() {
    return dir.resolve("console.log");
  }

  Path qemuLog() {
    return dir.resolve("qemu.log");
  }

  Path virtiofsdLog(String tag) {
    return dir.resolve("virtiofsd-" + tag + ".log");
  }

  void writeCommandLine(String name, List<String> commandLine) {
    write(name + ".cmdline", String.join(" ", commandLine.stream().map(ClassLogDirectory::quote).toList()) + "\n");
  }

  void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./=:,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
