package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A guest process left running is killed at the end of its test, or of its class, and reported. */
class LeftRunningProcessesIT {

  @Test
  void processesLeftRunningAreKilledAtTheEndOfTheirOwnerAndReported() throws Exception {
    EngineExecutionResults results = TestKit.run(LeftRunningTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    String story = Files.readString(LeftRunningTestCase.logDir.resolve("processes.log"));
    assertThat(story)
        .contains("[echo leaving; sleep 1011], started by test LeftRunningTestCase.leavesAProcessRunning(Guest), still ran at its end:"
            + " killed with every process it started")
        .contains("[sleep 1012], started by class " + LeftRunningTestCase.class.getName()
            + " outside its tests, still ran at its end: killed with every process it started")
        .doesNotContain("[echo done], started by");
    assertThat(LeftRunningTestCase.logDir.resolve("process-2.stdout")).hasContent("leaving\n");
  }

  @VirtioFsVm(memoryMiB = 192)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @Disabled("Run by LeftRunningProcessesIT")
  static class LeftRunningTestCase {

    static Path logDir;

    @BeforeAll
    static void startOneForTheClass(Guest guest) {
      logDir = GuestInternals.of(guest).logDir();
      guest.start("sleep 1012");
    }

    @Test
    @Order(1)
    void leavesAProcessRunning(Guest guest) {
      guest.start("echo leaving; sleep 1011");
      guest.start("echo done").waitFor(Duration.ofSeconds(60));
      guest.waitUntilSucceeds("ps -o args | grep -q '^sleep 1011$'", Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void findsItGoneButTheClassOnesStillThere(Guest guest) {
      guest.waitUntilSucceeds("! ps -o stat,args | grep -v '^Z' | grep -q ' sleep 1011$'", Duration.ofSeconds(10));
      assertThat(guest.exec("ps -o args | grep -c '^sleep 1012$'").stdout().strip()).isEqualTo("1");
    }
  }
}
