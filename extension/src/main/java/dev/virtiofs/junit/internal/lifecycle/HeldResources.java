package dev.virtiofs.junit.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link Resources} held outside any JUnit store: the parts of a guest booted ahead of its class.
 * They are closed in reverse order unless handed over, in their order, to the class's own
 * resources.
 */
public final class HeldResources implements Resources, AutoCloseable {

  private record Held(String key, Class<? extends AutoCloseable> type, AutoCloseable resource) {}

  private final List<Held> held = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create) {
    if (closed) {
      throw new IllegalStateException("the guest booted ahead was given up");
    }
    T resource = create.get();
    held.add(new Held(key, type, resource));
    return resource;
  }

  /**
   * Hands every part over, in the order it was made; this holder then owns nothing.
   *
   * @param target the new owner
   */
  public synchronized void handOver(Resources target) {
    for (Held part : held) {
      hand(target, part);
    }
    held.clear();
  }

  private static <T extends AutoCloseable> void hand(Resources target, Held part) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) part.type();
    target.own(part.key(), type, () -> type.cast(part.resource()));
  }

  /** Closes what is still held, last made first; failures are collected, not stopping the rest. */
  @Override
  public synchronized void close() {
    closed = true;
    RuntimeException failure = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        held.get(i).resource().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Could not stop a guest booted ahead: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    held.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
