package dev.virtiofs.junit.internal.kernel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The kernel lines a guest image carries, such as {@code 6.12} and {@code 6.1}, and the choice of
 * one for a guest.
 *
 * <p>The image lists them in its {@code image.properties}: {@code lines=6.12,6.1} and {@code
 * default=6.12}. Each line is a directory {@code kernels/<line>/} of the image with the kernel, the
 * initramfs (the common userland with that kernel's modules), its {@code .config} and a {@code
 * kernel.properties}.
 *
 * @param lines the lines, in the image's order
 * @param defaultLine the line a guest gets when nobody asks for one
 * @since 0.1.0
 */
public record KernelLines(List<String> lines, String defaultLine) {

  /** The property of {@code image.properties} that lists the lines: {@value}. */
  public static final String LINES_PROPERTY = "lines";

  /** The property of {@code image.properties} that names the default line: {@value}. */
  public static final String DEFAULT_PROPERTY = "default";

  /** What a malformed line name is told to do: {@value}. */
  public static final String FORM_FIX = "use a kernel line of the guest image such as 6.12 or 6.1";

  /**
   * Tells whether a name has the form of a kernel line ({@code 6.12}); which lines exist, only
   * the image knows.
   *
   * @param line the name
   * @return whether it is numbers joined by dots
   */
  public static boolean wellFormed(String line) {
    return line.matches("[0-9]+(\\.[0-9]+)+");
  }

  /**
   * Validates the lines.
   *
   * @param lines the lines, in the image's order
   * @param defaultLine the default, one of them
   * @throws IllegalArgumentException when there are none, or the default is not one of them
   */
  public KernelLines {
    lines = List.copyOf(lines);
    if (lines.isEmpty() || !lines.contains(defaultLine)) {
      throw new IllegalArgumentException(String.format(
          "The guest image's image.properties has lines=[%s] and default=[%s]; the default must be one"
              + " of the lines: rebuild the image (guest-image/build-image.sh)",
          String.join(",", lines), defaultLine));
    }
  }

  /**
   * Reads the lines from an image's {@code image.properties}.
   *
   * @param image the properties
   * @return the lines
   * @throws IllegalArgumentException when they are missing or inconsistent
   */
  public static KernelLines from(Properties image) {
    List<String> lines = Arrays.stream(image.getProperty(LINES_PROPERTY, "").split(","))
        .map(String::trim)
        .filter(line -> !line.isEmpty())
        .toList();
    return new KernelLines(lines, image.getProperty(DEFAULT_PROPERTY, "").trim());
  }

  /**
   * The line a guest gets.
   *
   * @param requested the line asked for, if any
   * @param source where the request came from, as messages name it, such as {@code
   *     Configuration parameter [virtiofs.guestKernel]}
   * @return the requested line, else the default
   * @throws IllegalArgumentException naming the source, the value and the lines there are
   */
  public String choose(Optional<String> requested, String source) {
    String line = requested.map(String::trim).filter(value -> !value.isEmpty()).orElse(defaultLine);
    if (!lines.contains(line)) {
      throw new IllegalArgumentException(String.format(
          "%s has value [%s]; use one of the guest image's kernel lines: %s", source, line, describe()));
    }
    return line;
  }

  /** {@code 6.12 (the default), 6.1}. */
  private String describe() {
    return String.join(", ", lines.stream()
        .map(line -> line.equals(defaultLine) ? line + " (the default)" : line)
        .toList());
  }
}
