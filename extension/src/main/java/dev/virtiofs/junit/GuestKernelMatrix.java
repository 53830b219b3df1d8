package dev.virtiofs.junit;

import dev.virtiofs.junit.config.Settings;
import dev.virtiofs.junit.kernel.KernelMatrix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The runs of a {@link GuestKernels} class, one per kernel line: each run's guest starts before
 * the run's own callbacks ({@code prepareInvocation}), in the run's store, so it stops when the run
 * ends; a failed run's guest is kept as {@code keepOnFailure} asks when the run ends.
 */
final class GuestKernelMatrix implements ClassTemplateInvocationContextProvider {

  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestClass(), GuestKernels.class);
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
    if (HostDiscovery.settingsOrError(context) instanceof Settings settings && settings.kernel().isPresent()) {
      // a kernel of the user's own replaces the image's for the whole run: one run, on it
      return Stream.of(new KernelRun(settings.kernel().get().getFileName().toString(), false));
    }
    return KernelMatrixClass.lines(context.getRequiredTestClass()).lines().stream()
        .map(line -> new KernelRun(line, true));
  }

  /** One run of the class, on one kernel. */
  private record KernelRun(String kernel, boolean line) implements ClassTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      return KernelMatrix.displayName(kernel);
    }

    @Override
    public void prepareInvocation(ExtensionContext context) {
      VirtioFsVmExtension.startRun(context, line ? kernel : null);
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of((AfterClassTemplateInvocationCallback) VirtioFsVmExtension::keepIfFailed);
    }
  }
}
