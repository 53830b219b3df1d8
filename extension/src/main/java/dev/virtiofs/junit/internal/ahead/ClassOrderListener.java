package dev.virtiofs.junit.internal.ahead;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells {@link UpcomingClasses} in which order a test run's top-level classes will run, so that
 * the extension can boot the next class's guest while the current class runs. The JUnit Platform
 * launcher loads it by itself (it is registered as a service); set {@code
 * junit.platform.execution.listeners.deactivate} to its name, or {@code virtiofs.bootAhead} to
 * {@code false}, to do without.
 */
public final class ClassOrderListener implements TestExecutionListener {

  /** Made by the launcher's service loader. */
  public ClassOrderListener() {}

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    UpcomingClasses.register(plan, topLevelClasses(plan));
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    UpcomingClasses.unregister(plan);
  }

  /** The classes whose parents are not classes, in the order the plan runs them. */
  static List<String> topLevelClasses(TestPlan plan) {
    List<String> classes = new ArrayList<>();
    for (TestIdentifier root : plan.getRoots()) {
      collect(plan, root, classes);
    }
    return classes;
  }

  private static void collect(TestPlan plan, TestIdentifier node, List<String> classes) {
    if (className(node) != null) {
      classes.add(className(node));
      return; // nested classes share their enclosing class's guest
    }
    for (TestIdentifier child : plan.getChildren(node)) {
      collect(plan, child, classes);
    }
  }

  private static String className(TestIdentifier node) {
    TestSource source = node.getSource().orElse(null);
    return node.isContainer() && source instanceof ClassSource classSource ? classSource.getClassName() : null;
  }
}
