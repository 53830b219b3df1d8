package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.lifecycle.PerTestGuest;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The guest as a test method sees it: the class's, or its own subdirectory's when the class asked ({@code perTestDirectory}). */
final class TestGuest {

  private TestGuest() {}

  /** The test's guest, or null before the class's guest started. */
  static Guest of(ExtensionContext context) {
    RunningGuest guest = ClassGuests.guest(context);
    if (guest == null || !perTestDirectory(context)) {
      return guest;
    }
    return ClassGuests.store(context).getOrComputeIfAbsent(ClassGuests.TEST_GUEST_KEY,
        key -> PerTestGuest.create(guest, context.getRequiredTestMethod().getName()), PerTestGuest.class);
  }

  private static boolean perTestDirectory(ExtensionContext context) {
    return context.getTestMethod().isPresent()
        && AnnotationSupport.findAnnotation(context.getRequiredTestClass(), VirtioFsVm.class)
            .or(() -> context.getTestClass().flatMap(c -> Optional.ofNullable(c.getEnclosingClass()))
                .flatMap(c -> AnnotationSupport.findAnnotation(c, VirtioFsVm.class)))
            .map(VirtioFsVm::perTestDirectory).orElse(false);
  }
}
