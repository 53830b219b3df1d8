package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Faults injected into the sharing path ({@link dev.virtiofs.junit.ShareDaemon}, share limits):
 * the fixtures table what the guest sees for each fault and cache mode, each cell is checked
 * against the table the README publishes for this daemon, and nothing of the class is left running
 * after it, whatever was done to its daemons.
 */
class ShareFaultsIT {

  @Test
  void pathFaults() throws IOException {
    runAndCheck(SharePathFaultsTestCase.class, SharePathFaultsTestCase.TABLE, "path");
  }

  @Test
  void resourceFaults() throws IOException {
    runAndCheck(ShareLimitFaultsTestCase.class, ShareLimitFaultsTestCase.TABLE, "limits");
  }

  private static void runAndCheck(Class<?> fixture, FaultTable table, String name) throws IOException {
    Set<ProcessHandle> before = FaultsIT.ourProcesses();
    EngineExecutionResults results = TestKit.run(fixture);
    String failures = String.join("\n", results.allEvents().failed().stream().map(ShareFaultsIT::failure).toList());
    if (!failures.isEmpty()) {
      System.out.println("Failures of " + fixture.getSimpleName() + ":\n" + failures);
    }
    table.writeAndCheck(name, daemon());
    assertThat(failures).as("failures of %s", fixture.getSimpleName()).isEmpty();
    results.testEvents().assertStatistics(s -> s.failed(0).aborted(0));
    assertThat(FaultsIT.ourProcesses()).as("QEMU and virtiofsd processes left after the class").isSubsetOf(before);
  }

  private static String failure(Event event) {
    return event.getTestDescriptor().getDisplayName() + ": " + event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?");
  }

  static String daemon() throws IOException {
    return PermissionsIT.cDaemon() ? "c" : "rust";
  }

}
