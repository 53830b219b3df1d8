package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.kept.KeptGuest;
import dev.virtiofs.junit.internal.kept.KeptGuests;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether a class failed, and keeping its guests running when it did and {@code keepOnFailure}
 * (the attribute or {@code virtiofs.keepOnFailure}) asks for it.
 */
final class FailedClassGuests {

  private FailedClassGuests() {}

  /** A class whose guests started: not failed yet. */
  static void started(Store store) {
    store.put(ClassGuests.FAILED_KEY, new AtomicBoolean());
  }

  /** A test of the class failed. */
  static void testFailed(Store store) {
    store.get(ClassGuests.FAILED_KEY, AtomicBoolean.class).set(true);
  }

  /** A run of a {@link GuestKernels} class whose own set-up callbacks all passed. */
  static void runSetUp(ExtensionContext run) {
    ClassGuests.store(run).put(ClassGuests.RUN_SET_UP_KEY, true);
  }

  /** Keeps the guests of a failed run of a {@link GuestKernels} class, as asked; JUnit tells a run no failure of its own. */
  static void keepIfRunFailed(ExtensionContext run) {
    AtomicBoolean failed = ClassGuests.store(run).get(ClassGuests.FAILED_KEY, AtomicBoolean.class);
    if (failed != null && ClassGuests.store(run).get(ClassGuests.RUN_SET_UP_KEY) == null) {
      failed.set(true);
    }
    keepIfFailed(run);
  }

  /** Keeps the guests of a failed class, as asked. */
  static void keepIfFailed(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class);
    Store store = ClassGuests.store(context);
    RunningGuest guest = ClassGuests.guest(context);
    AtomicBoolean failed = store.get(ClassGuests.FAILED_KEY, AtomicBoolean.class);
    boolean keep = annotation.map(VirtioFsVm::keepOnFailure).orElse(false)
        || HostDiscovery.settings(context).found().map(Settings::keepOnFailure).orElse(false);
    if (annotation.isEmpty() || guest == null || !keep
        || !(failed.get() || context.getExecutionException().isPresent())) {
      return;
    }
    for (KeptGuest kept : KeptGuests.keepAll(ClassGuests.guests(store), testClass, key -> Optional
        .ofNullable(store.get(key, StoredResource.class)).map(owned -> owned.get(OwnedDirectory.class)))) {
      context.publishReportEntry("virtiofs.keptGuest", kept.sshCommand());
      System.out.print(KeptGuests.instructions(kept, testClass));
    }
  }
}
