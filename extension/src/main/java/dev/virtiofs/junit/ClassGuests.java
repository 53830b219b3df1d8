package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.lifecycle.Resources;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Where a class's guests live: the extension's namespace in the class's store (a {@code @Nested}
 * class sees its enclosing class's), the keys, and the store as the lifecycle owns parts in it.
 */
final class ClassGuests {

  static final Namespace NAMESPACE = Namespace.create(VirtioFsVmExtension.class);
  static final String GUEST_KEY = "guest";
  static final String GUESTS_KEY = "guests";
  static final String TEST_GUEST_KEY = "test-guest";
  static final String FAILED_KEY = "failed";
  static final String RUN_SET_UP_KEY = "run-set-up";

  private ClassGuests() {}

  static Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  /** The class's first guest, or null before it started. */
  static RunningGuest guest(ExtensionContext context) {
    return store(context).get(GUEST_KEY, RunningGuest.class);
  }

  /** The class's guests, in order (a class's own, or its enclosing class's for a @Nested one). */
  @SuppressWarnings("unchecked")
  static List<RunningGuest> guests(Store store) {
    List<RunningGuest> guests = store.get(GUESTS_KEY, List.class);
    return guests == null ? List.of() : guests;
  }

  /** The class's store as the lifecycle sees it: each part owned under its key, closed with the class. */
  static Resources resources(Store store) {
    return new Resources() {
      @Override
      public <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create) {
        return store.getOrComputeIfAbsent(key, k -> new StoredResource(create.get()), StoredResource.class).get(type);
      }
    };
  }
}
