package dev.virtiofs.junit.internal.lifecycle;

import java.util.function.Supplier;

/**
 * Where the parts of a guest are handed over as soon as they exist, so that they are closed, in
 * reverse order, whatever happens next. The extension backs it with the JUnit store of the class.
 */
@FunctionalInterface
public interface Resources {

  /**
   * Creates a resource and takes ownership of it.
   *
   * @param <T> its type
   * @param key a name unique within the guest
   * @param type its type
   * @param create makes it
   * @return the resource
   */
  <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create);
}
