package dev.virtiofs.junit.internal.kernel;

import java.lang.System.Logger.Level;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Says what to do when a {@code @GuestKernels} class fails on a JUnit without class templates
 * (5.10 to 5.12). JUnit fails such a class before any extension runs, with a bare {@code
 * TypeNotPresentException: Type [unknown] not present} caused by a missing {@code
 * ClassTemplateInvocationContextProvider}; this listener, loaded by the launcher as a service,
 * logs the rule, the JUnit found and the fix next to it.
 */
public final class MatrixOnOldJUnitListener implements TestExecutionListener {

  private static final System.Logger LOGGER = System.getLogger(MatrixOnOldJUnitListener.class.getName());
  private static final String MISSING = "org/junit/jupiter/api/extension/ClassTemplateInvocationContextProvider";

  /** Made by the launcher's service loader. */
  public MatrixOnOldJUnitListener() {}

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    result.getThrowable().filter(MatrixOnOldJUnitListener::isMissingClassTemplates).ifPresent(e ->
        LOGGER.log(Level.ERROR, message(identifier.getDisplayName(), junitVersion())));
  }

  static boolean isMissingClassTemplates(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoClassDefFoundError && String.valueOf(cause.getMessage()).contains(MISSING)) {
        return true;
      }
    }
    return false;
  }

  static String message(String className, String junitVersion) {
    return String.format("virtiofs-junit: %s failed because @GuestKernels (a kernel matrix) needs JUnit 5.13"
        + " or later, for class templates, and this run has JUnit Jupiter %s: declare JUnit 5.13 or later, or"
        + " write one subclass per kernel, each @VirtioFsVm(guestKernel = \"...\") (README: A kernel matrix)",
        className, junitVersion);
  }

  private static String junitVersion() {
    String version = org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion();
    return version == null ? "(version unknown)" : version;
  }
}
