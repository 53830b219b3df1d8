package dev.virtiofs.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A part of a guest held in the JUnit store, closed when its class ends. It is both {@code
 * AutoCloseable} (which JUnit 5.13+ and 6 close) and {@code CloseableResource} (which JUnit 5.10 to
 * 5.12 close); each JUnit closes it once, and closing twice is harmless anyway.
 */
// "try": close() may throw InterruptedException: it does not; "deprecation": CloseableResource is
// deprecated since 5.13, and still what 5.10 to 5.12 close
@SuppressWarnings({"try", "deprecation"})
final class StoredResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final AutoCloseable resource;
  private boolean closed;

  StoredResource(AutoCloseable resource) {
    this.resource = resource;
  }

  <T> T get(Class<T> type) {
    return type.cast(resource);
  }

  @Override
  public synchronized void close() throws Exception {
    if (!closed) {
      closed = true;
      resource.close();
    }
  }
}
