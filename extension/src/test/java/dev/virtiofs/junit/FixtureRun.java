package dev.virtiofs.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs a fixture class ({@code *TestCase}, disabled on its own) through the Jupiter engine. */
final class FixtureRun {

  private FixtureRun() {}

  static Events containerEvents(Class<?> testCase, Map<String, String> parameters) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
        .enableImplicitConfigurationParameters(false)
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .selectors(selectClass(testCase));
    parameters.forEach(kit::configurationParameter);
    return kit.execute().containerEvents();
  }
}
