package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * QEMU or virtiofsd killed or stopped while the guest boots: the class fails with the story of
 * the process that failed, in about the time it took, and nothing is left running.
 */
class BootFaultsIT {

  /** What only the daemon's command line has, not the prerequisite probes' (--version). */
  private static final String VIRTIOFSD = "--socket-path";
  private static final String QEMU = "-name virtiofs-junit:";

  @Test
  void virtiofsdKilledAsItStarts() throws Exception {
    assertBootFails(VIRTIOFSD, "KILL", Duration.ZERO,
        m -> m.contains("virtiofsd exited"));
  }

  @Test
  void qemuKilledDuringBoot() throws Exception {
    assertBootFails(QEMU, "KILL", Duration.ofMillis(800),
        m -> m.contains("QEMU exited with status 137") && m.contains("Last 30 lines of the guest console"));
  }

  @Test
  void virtiofsdStoppedDuringBoot() throws Exception {
    assertBootFails(VIRTIOFSD, "STOP", Duration.ofMillis(300),
        m -> m.contains("did not answer within 10 s (bootTimeoutSeconds)") || m.contains("QEMU did not answer"));
  }

  private static void assertBootFails(String process, String signal, Duration after, Predicate<String> expected)
      throws Exception {
    Set<ProcessHandle> before = FaultsIT.ourProcesses();
    CompletableFuture<EngineExecutionResults> run =
        // a boot from scratch: restoring from a snapshot is over too soon to be hit (SnapshotIT has its faults)
        CompletableFuture.supplyAsync(() -> TestKit.run(Map.of("virtiofs.snapshots", "false"), BootingTestCase.class));
    ProcessHandle target = await(process + " to start").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
        .until(() -> FaultsIT.ourProcesses().stream()
            .filter(p -> !before.contains(p) && p.info().commandLine().orElse("").contains(process))
            // the process itself, not its guard shell or the launchers it goes through
            .filter(p -> !p.info().command().orElse("").matches(".*/(sh|dash|bash|setsid|setpriv)"))
            .findFirst().orElse(null), p -> p != null || run.isDone());
    assertThat(target).as("%s was started", process).isNotNull();
    Thread.sleep(after.toMillis()); // the phase to hit: a point in time, not a condition
    // virtiofsd forks its sandboxed worker: signal the daemon and every process it made
    for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(target), target.descendants()).toList()) {
      FaultsIT.run("kill", "-" + signal, Long.toString(p.pid()));
    }

    EngineExecutionResults results = run.get();

    results.containerEvents().assertThatEvents().haveExactly(1, event(container(BootingTestCase.class),
        finishedWithFailure(instanceOf(GuestException.class), message(expected))));
    assertThat(FaultsIT.ourProcesses()).isSubsetOf(before);
  }

  @VirtioFsVm(memoryMiB = 256, bootTimeoutSeconds = 10)
  @Disabled("Run by BootFaultsIT")
  static class BootingTestCase {
    @Test
    void neverRuns() {}
  }
}
