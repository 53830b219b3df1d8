package dev.virtiofs.junit.it;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
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
