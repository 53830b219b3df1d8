package dev.virtiofs.junit.it;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs fixture classes ({@code *TestCase}, disabled on their own) through the JUnit Platform, as
 * an IDE or build tool would, with this run's configuration parameters.
 */
final class TestKit {

  private TestKit() {}

  static EngineExecutionResults run(Class<?>... testCases) {
    return run(java.util.Map.of(), testCases);
  }

  /**
   * Runs fixture classes through the launcher, as a build tool does: the launcher's own listeners
   * (the extension's class-order listener among them) take part. Classes run in name order.
   */
  static TestExecutionSummary launch(Class<?>... testCases) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .configurationParameter("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$ClassName")
        .selectors(Arrays.stream(testCases).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new));
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request.build(), summary);
    return summary.getSummary();
  }

  static EngineExecutionResults run(java.util.Map<String, String> parameters, Class<?>... testCases) {
    EngineTestKit.Builder builder =
        EngineTestKit.engine("junit-jupiter")
            .enableImplicitConfigurationParameters(false)
            .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition");
    for (String name : new String[] {"virtiofs.virtiofsd", "virtiofs.logDir", "virtiofs.qemu"}) {
      String value = System.getProperty(name);
      if (value != null) {
        builder.configurationParameter(name, value);
      }
    }
    parameters.forEach(builder::configurationParameter);
    return builder
        .selectors(Arrays.stream(testCases).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .execute();
  }
}
