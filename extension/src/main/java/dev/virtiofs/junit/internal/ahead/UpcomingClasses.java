package dev.virtiofs.junit.internal.ahead;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order of the top-level classes of the test runs going on in this JVM, as {@link
 * ClassOrderListener} learnt it from their test plans. Several runs may be going on at once (a
 * test that runs a launcher of its own): each is kept apart, and forgotten when it ends.
 */
public final class UpcomingClasses {

  private static final Map<Object, List<String>> RUNS = new ConcurrentHashMap<>();

  private UpcomingClasses() {}

  static void register(Object plan, List<String> classNames) {
    RUNS.put(plan, List.copyOf(classNames));
  }

  static void unregister(Object plan) {
    RUNS.remove(plan);
  }

  /**
   * The classes that run right after the given one, by name, in the run that holds it.
   *
   * @param className a top-level test class
   * @param count how many at most
   * @return the next classes' names, in order; empty when the class is the last, is not a
   *     top-level class of a known run, or no launcher told its order (an engine run without the
   *     launcher)
   */
  public static List<String> after(String className, int count) {
    for (List<String> run : RUNS.values()) {
      int index = run.indexOf(className);
      if (index >= 0) {
        return List.copyOf(run.subList(index + 1, Math.min(run.size(), index + 1 + count)));
      }
    }
    return List.of();
  }
}
