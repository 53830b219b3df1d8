package dev.virtiofs.junit.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatrixOnOldJUnitListenerTests {

  @Test
  void recognisesJUnitsFailureForAClassTemplateOnAnOldJUnit() {
    Throwable failure = new TypeNotPresentException("[unknown]", new NoClassDefFoundError(
        "org/junit/jupiter/api/extension/ClassTemplateInvocationContextProvider"));
    assertThat(MatrixOnOldJUnitListener.isMissingClassTemplates(failure)).isTrue();
  }

  @Test
  void leavesOtherFailuresAlone() {
    assertThat(MatrixOnOldJUnitListener.isMissingClassTemplates(new TypeNotPresentException("x",
        new NoClassDefFoundError("org/example/Missing")))).isFalse();
    assertThat(MatrixOnOldJUnitListener.isMissingClassTemplates(new AssertionError("boom"))).isFalse();
  }

  @Test
  void namesTheClassTheJUnitAndTheFix() {
    assertThat(MatrixOnOldJUnitListener.message("RenameTest", "5.12.2"))
        .startsWith("virtiofs-junit: RenameTest failed because @GuestKernels (a kernel matrix) needs JUnit 5.13")
        .contains("this run has JUnit Jupiter 5.12.2")
        .contains("write one subclass per kernel, each @VirtioFsVm(guestKernel = \"...\")");
  }
}
