package dev.virtiofs.junit.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelMatrixTests {

  private static final String WHERE = "@GuestKernels on SomeIT";

  @Test
  void keepsTheOrderGivenAndTrims() {
    assertThat(KernelMatrix.of(new String[] {"6.1", " 6.12 "}, Optional.empty(), WHERE).lines())
        .containsExactly("6.1", "6.12");
  }

  @Test
  void namesEachRunByItsKernel() {
    assertThat(KernelMatrix.displayName("6.12")).isEqualTo("kernel 6.12");
  }

  @Test
  void refusesAnEmptyList() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KernelMatrix.of(new String[0], Optional.empty(), WHERE))
        .withMessage("@GuestKernels on SomeIT lists no kernel line; list one or more, such as"
            + " @GuestKernels({\"6.12\", \"6.1\"})");
  }

  @Test
  void refusesALineTwice() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KernelMatrix.of(new String[] {"6.12", "6.12"}, Optional.empty(), WHERE))
        .withMessage("@GuestKernels on SomeIT lists [6.12] twice; list each kernel line once");
  }

  @Test
  void refusesAMalformedLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KernelMatrix.of(new String[] {"6.12", "6"}, Optional.empty(), WHERE))
        .withMessage("@GuestKernels on SomeIT has value [6]; use a kernel line of the guest image such as 6.12"
            + " or 6.1");
  }
}
