package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.kernel.KernelMatrix;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The runs of a {@link GuestKernels} class, one per kernel line: each run's guest starts before
 * the run's own callbacks ({@code prepareInvocation}), in the run's store, so it stops when the run
 * ends; a run whose set-up or tests failed keeps its guest as {@code keepOnFailure} asks.
 */
final class GuestKernelMatrix implements ClassTemplateInvocationContextProvider {

  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestClass(), GuestKernels.class);
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
    // the class first (beforeAll checks it too, but does not run without @VirtioFsVm), then the host
    List<String> lines = KernelMatrixClass.lines(context.getRequiredTestClass()).lines();
    HostEnvironment host = HostDiscovery.host(context);
    if (host.image().line().isEmpty()) {
      // a kernel of the user's own (virtiofs.kernel) replaces the image's for the whole run: one run, on it
      return Stream.of(new KernelRun(host.image().kernel().getFileName().toString(), false));
    }
    // a line the image lacks fails the class now, not its run after the others have run
    String source = "@GuestKernels on " + context.getRequiredTestClass().getName();
    try {
      lines.forEach(line -> host.image().withKernelLine(Optional.of(line), source));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
    return lines.stream().map(line -> new KernelRun(line, true));
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

    /**
     * After the run's own set-up callbacks (these come last), the run counts as set up; after the
     * run, its guests are kept as {@code keepOnFailure} asks if a test or the set-up failed.
     */
    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of((BeforeClassTemplateInvocationCallback) FailedClassGuests::runSetUp,
          (AfterClassTemplateInvocationCallback) FailedClassGuests::keepIfRunFailed);
    }
  }
}
