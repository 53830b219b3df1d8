package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Who owns the processes a test starts in the guests ({@code Guest.start}): each guest's
 * processes are in its class's store, so that those still running when the class ends are killed
 * (and reported) while the guest's channels are still open; each test opens a scope of its own in
 * its store, so that a process it leaves running is killed when it ends.
 */
final class ProcessScopes {

  private static final String CLASS_KEY = "processes-";
  private static final String TEST_KEY = "test-processes-";

  private ProcessScopes() {}

  /** Put in the class's store after the guests: the store closes last in, first out. */
  static void ownForClass(Store store, List<RunningGuest> guests) {
    for (int i = 0; i < guests.size(); i++) {
      RunningGuest guest = guests.get(i);
      store.getOrComputeIfAbsent(CLASS_KEY + i, key -> new StoredResource(guest.processes()), StoredResource.class);
    }
  }

  /** A scope per guest in the test's store: closed, killing what is left, after afterEach. */
  static void openForTest(ExtensionContext test, Store store, List<RunningGuest> guests) {
    String name = test.getRequiredTestClass().getSimpleName() + "." + test.getDisplayName();
    for (int i = 0; i < guests.size(); i++) {
      RunningGuest guest = guests.get(i);
      store.getOrComputeIfAbsent(TEST_KEY + i, key -> new StoredResource(guest.processes().openScope(name)),
          StoredResource.class);
    }
  }
}
