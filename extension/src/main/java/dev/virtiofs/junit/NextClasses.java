package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.ahead.BootAhead;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Booting the next classes' guests while a class runs: the run's {@link BootAhead}, and what a next class asks for. */
final class NextClasses {

  private static final String BOOT_AHEAD_KEY = "boot-ahead";

  private NextClasses() {}

  /** The run's one {@link BootAhead}, closed (stopping a guest nobody took) when the run ends. */
  static BootAhead bootAhead(ExtensionContext context) {
    return context.getRoot().getStore(ClassGuests.NAMESPACE)
        .getOrComputeIfAbsent(BOOT_AHEAD_KEY, key -> new StoredResource(new BootAhead()), StoredResource.class)
        .get(BootAhead.class);
  }

  /** What the next class asks for, if it asks for a guest that can boot ahead (one guest). */
  static Optional<VmSpec> spec(Class<?> next, HostEnvironment host) {
    Optional<VmSpec> spec = AnnotationSupport.findAnnotation(next, VirtioFsVm.class)
        .map(annotation -> VirtioFsVmExtension.spec(annotation, next)).filter(nextSpec -> nextSpec.guests() == 1);
    if (spec.isPresent() && AnnotationSupport.isAnnotated(next, GuestKernels.class) && host.image().line().isPresent()
        && KernelMatrixClass.classTemplates()) {
      return Optional.of(spec.get().onKernel(KernelMatrixClass.lines(next).lines().get(0))); // its first run's
    }
    return spec;
  }
}
