package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Booting ahead, through the launcher as build tools run classes: while a class runs, the next
 * class's guest boots, and that class takes it; a guest booted for a class that never runs is
 * stopped when the run ends.
 */
class BootAheadIT {

  static final Map<String, Long> SEEN = new ConcurrentHashMap<>();
  static final AtomicReference<String> NEXT = new AtomicReference<>();

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  @Test
  void theNextClassTakesTheGuestThatBootedWhileTheClassBeforeItRan() {
    Set<ProcessHandle> before = FaultsIT.ourProcesses();

    NEXT.set("SecondTestCase");
    TestExecutionSummary summary = TestKit.launch(FirstTestCase.class, SecondTestCase.class);

    assertThat(summary.getFailures()).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(SEEN.get("SecondTestCase booted ahead")).as("a QEMU for SecondTestCase ran while FirstTestCase did")
        .isNotNull().isEqualTo(SEEN.get("SecondTestCase QEMU"));
    assertThat(FaultsIT.ourProcesses()).isSubsetOf(before);
  }

  @Test
  void aGuestBootedForAClassThatNeverRunsIsStoppedWhenTheRunEnds() {
    Set<ProcessHandle> before = FaultsIT.ourProcesses();

    NEXT.set("NeverRunsTestCase");
    TestExecutionSummary summary = TestKit.launch(FirstTestCase.class, NeverRunsTestCase.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getContainersSkippedCount()).isEqualTo(1);
    assertThat(SEEN.get("NeverRunsTestCase booted ahead")).as("a QEMU for NeverRunsTestCase ran").isNotNull();
    assertThat(ProcessHandle.of(SEEN.get("NeverRunsTestCase booted ahead"))).isEmpty();
    assertThat(FaultsIT.ourProcesses()).isSubsetOf(before);
  }

  /** The pid of the QEMU started for a class, once it runs. */
  static Optional<Long> qemuOf(String className) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("-name virtiofs-junit:" + className + " "))
        .filter(p -> p.info().command().orElse("").contains("qemu-system"))
        .map(ProcessHandle::pid).findFirst();
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by BootAheadIT")
  static class FirstTestCase {
    @Test
    void seesTheNextClassesGuestBoot() {
      String next = NEXT.get();
      long pid = await("a QEMU for " + next).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> qemuOf(next), Optional::isPresent).orElseThrow();
      SEEN.put(next + " booted ahead", pid);
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by BootAheadIT")
  static class SecondTestCase {
    @Test
    void recordsItsQemu(Guest guest) {
      SEEN.put("SecondTestCase QEMU", GuestInternals.of(guest).qemuGuard().descendants()
          .filter(p -> p.info().command().orElse("").contains("qemu-system")).findFirst().orElseThrow().pid());
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @DisabledIfSystemProperty(named = "java.version", matches = ".*", disabledReason = "never runs: its guest is booted ahead all the same")
  static class NeverRunsTestCase {
    @Test
    void neverRuns() {}
  }
}
