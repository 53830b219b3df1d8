package dev.virtiofs.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;

/** The error for a {@link Guest} parameter resolved before its guest exists, saying where to take it instead. */
final class GuestTooEarly {

  private GuestTooEarly() {}

  static ParameterResolutionException exception(ParameterContext parameter, ExtensionContext context) {
    if (AnnotationSupport.isAnnotated(context.getTestClass(), GuestKernels.class)) {
      return new ParameterResolutionException(String.format(
          "Parameter [%s] of [%s] asks for the guest outside a run of @GuestKernels class %s: @BeforeAll"
              + " methods and constructors run before any run's guest exists; take it in @BeforeEach, a test"
              + " method, or a BeforeClassTemplateInvocationCallback reading a static Guest field",
          parameter.getParameter(), parameter.getDeclaringExecutable(), context.getRequiredTestClass().getName()));
    }
    return new ParameterResolutionException(String.format(
        "Parameter [%s] of [%s] asks for the guest before it is booted (a constructor of a"
            + " @TestInstance(PER_CLASS) class runs before beforeAll); take it in a @BeforeAll"
            + " method, a test method or a field instead",
        parameter.getParameter(), parameter.getDeclaringExecutable()));
  }
}
