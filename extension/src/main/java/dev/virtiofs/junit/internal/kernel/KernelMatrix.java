package dev.virtiofs.junit.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel lines one class runs on, from {@code @GuestKernels}, validated: at least one, each
 * of the form of a line, none twice, and not together with {@code @VirtioFsVm(guestKernel)}.
 * Which lines exist, the image says when each guest starts ({@link KernelLines#choose}).
 *
 * @param lines the lines, in the order the class runs on them
 * @since 0.1.0
 */
public record KernelMatrix(List<String> lines) {

  /** The name of one run of the class in IDEs and reports: {@code kernel 6.12}. */
  public static String displayName(String line) {
    return "kernel " + line;
  }

  /**
   * Validates a class's kernel lines.
   *
   * @param values the annotation's values
   * @param guestKernel the class's {@code @VirtioFsVm(guestKernel)}, if set
   * @param where the annotation and class, as messages name them
   * @return the matrix
   * @throws IllegalArgumentException naming the value and the fix
   */
  public static KernelMatrix of(String[] values, Optional<String> guestKernel, String where) {
    if (values.length == 0) {
      throw new IllegalArgumentException(where + " lists no kernel line; list one or more, such as"
          + " @GuestKernels({\"6.12\", \"6.1\"})");
    }
    if (guestKernel.isPresent()) {
      throw new IllegalArgumentException(String.format("%s and @VirtioFsVm(guestKernel = \"%s\") both"
          + " choose the kernel; keep one of them (the matrix runs the class on each of its lines)",
          where, guestKernel.get()));
    }
    List<String> lines = new ArrayList<>();
    for (String value : values) {
      String line = value.trim();
      if (!KernelLines.wellFormed(line)) {
        throw new IllegalArgumentException(String.format("%s has value [%s]; %s", where, value,
            KernelLines.FORM_FIX));
      }
      if (lines.contains(line)) {
        throw new IllegalArgumentException(String.format("%s lists [%s] twice; list each kernel line"
            + " once", where, line));
      }
      lines.add(line);
    }
    return new KernelMatrix(List.copyOf(lines));
  }
}
