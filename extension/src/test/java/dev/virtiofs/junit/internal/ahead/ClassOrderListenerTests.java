package dev.virtiofs.junit.internal.ahead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

class ClassOrderListenerTests {

  @Test
  void learnsTheTopLevelClassesInTheOrderThePlanRunsThemAndForgetsThemAtTheEnd() {
    TestPlan plan = LauncherFactory.create().discover(request()
        .selectors(selectClass(Second.class), selectClass(First.class))
        .configurationParameter("junit.jupiter.testclass.order.default",
            "org.junit.jupiter.api.ClassOrderer$ClassName")
        .build());
    ClassOrderListener listener = new ClassOrderListener();

    listener.testPlanExecutionStarted(plan);

    assertThat(ClassOrderListener.topLevelClasses(plan)).containsExactly(First.class.getName(), Second.class.getName());
    assertThat(UpcomingClasses.after(First.class.getName(), 2)).containsExactly(Second.class.getName());
    assertThat(UpcomingClasses.after(Second.class.getName(), 2)).isEmpty();
    assertThat(UpcomingClasses.after(First.Inner.class.getName(), 2)).as("nested classes share a guest").isEmpty();
    listener.testPlanExecutionFinished(plan);
    assertThat(UpcomingClasses.after(First.class.getName(), 2)).isEmpty();
  }

  static class First {
    @Test
    void test() {}

    @Nested
    class Inner {
      @Test
      void test() {}
    }
  }

  static class Second {
    @Test
    void test() {}
  }

}
