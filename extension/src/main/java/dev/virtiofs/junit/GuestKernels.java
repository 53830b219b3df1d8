package dev.virtiofs.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Runs a {@link VirtioFsVm} class once per guest kernel line, each run with a guest of its own on
 * that kernel: a kernel matrix.
 *
 * <pre>{@code
 * @VirtioFsVm
 * @GuestKernels({"6.12", "6.1"})
 * class RenameTests {
 *   @Test
 *   void renameIsSeen(Guest guest) { ... }   // runs twice: under "kernel 6.12", then "kernel 6.1"
 * }
 * }</pre>
 *
 * <p>The class is a JUnit class template, so this needs JUnit 5.13 or later. Each run appears in
 * IDEs as {@code kernel 6.12}; Surefire's XML names it {@code RenameTests[1]}, {@code [2]}, ... in
 * the order listed here (JUnit fixes that name), and the run's first lines of output name its
 * kernel. Its logs are in {@code kernel-<line>} under the class's log directory. {@code
 * @BeforeAll} methods run once, before any run's guest exists, and {@code @AfterAll} ones after the
 * last run's guest stopped: set a guest up in {@code @BeforeEach} or a {@code
 * BeforeClassTemplateInvocationCallback} (registered with {@code @RegisterExtension}; the run's guest
 * is in the static fields by then), and look at it last in an {@code
 * AfterClassTemplateInvocationCallback}. The runs run one after the other, also in a parallel run
 * (the class is {@code SAME_THREAD}). The matrix overrides {@code virtiofs.guestKernel}. Each run's guest is restored from
 * that kernel's snapshot. With {@code virtiofs.kernel} (a kernel of your own for the whole run) the
 * class runs once, on that kernel. On JUnit 5.10 to 5.12, write one subclass per kernel instead,
 * each {@code @VirtioFsVm(guestKernel = "...")} (see the README).
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(GuestKernelMatrix.class)
@Execution(ExecutionMode.SAME_THREAD) // one run after the other: a run's static Guest fields are its own
@SuppressWarnings("exports") // the extension class is JUnit's to load, not the users' to name
public @interface GuestKernels {

  /**
   * The kernel lines of the guest image to run the class on, in order, such as {@code 6.12} and
   * {@code 6.1}; a line the image lacks fails the class before its first run, naming the lines
   * there are.
   *
   * @return the lines, at least one
   */
  String[] value();
}
