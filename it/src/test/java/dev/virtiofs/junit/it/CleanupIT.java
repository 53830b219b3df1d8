package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.ExtensionInternals;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Whatever happens in a class, nothing of its guest survives it; and two classes get two guests.
 * The fixture classes run through the JUnit Platform, as in an IDE.
 */
class CleanupIT {

  /** What each fixture class saw of its guest, by class. */
  static final Map<Class<?>, Seen> SEEN = new ConcurrentHashMap<>();

  record Seen(String bootId, List<ProcessHandle> processes, Path sharedDir, Path runDir) {}

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  @Test
  void aFailingClassLeavesNoProcessOrDirectoryBehind() {
    EngineExecutionResults results = TestKit.run(FailingTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    assertAllGone(SEEN.get(FailingTestCase.class));
    // the failure carries the guest's side of the story
    Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(failure).hasMessage("this test fails on purpose");
    assertThat(failure.getSuppressed()).singleElement().satisfies(tail ->
        assertThat(tail.getMessage()).startsWith("Last 30 lines of the guest console").contains("virtiofs-junit: guest ready"));
    assertThat(results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow().getKeyValuePairs())
        .toList()).anySatisfy(entry -> assertThat(entry).containsKey("virtiofs.logDir"));
  }

  @Test
  void twoClassesInOneRunGetTwoGuests() {
    EngineExecutionResults results = TestKit.run(FirstTestCase.class, SecondTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    Seen first = SEEN.get(FirstTestCase.class);
    Seen second = SEEN.get(SecondTestCase.class);
    assertThat(first.bootId()).isNotEqualTo(second.bootId());
    assertThat(first.sharedDir()).isNotEqualTo(second.sharedDir());
    assertThat(first.processes()).doesNotContainAnyElementsOf(second.processes());
    assertAllGone(first);
    assertAllGone(second);
  }

  @Test
  void aGuestThatDoesNotGetReadyInTimeFailsTheClassWithTheConsoleTailAndLeavesNothing(@TempDir Path dir)
      throws IOException {
    // the image's initramfs with an init that never gets the guest ready
    Path initramfs = dir.resolve("hanging.cpio");
    Files.write(initramfs, Files.readAllBytes(ExtensionInternals.imageInitramfs()));
    Files.write(initramfs, FaultsIT.cpio("init", "#!/bin/sh\nexec sleep 3600\n"), StandardOpenOption.APPEND);
    Set<ProcessHandle> before = FaultsIT.ourProcesses();

    EngineExecutionResults results = TestKit.run(
        Map.of("virtiofs.kernel", ExtensionInternals.imageKernel().toString(), "virtiofs.initramfs", initramfs.toString()),
        SlowBootTestCase.class);

    results.containerEvents().assertThatEvents().haveExactly(1, event(container(SlowBootTestCase.class),
        finishedWithFailure(instanceOf(GuestException.class),
            message(m -> m.contains("did not answer within 1 s (bootTimeoutSeconds)")
                && m.contains("Last 30 lines of the guest console")))));
    assertThat(FaultsIT.ourProcesses()).isSubsetOf(before);
  }

  private static void assertAllGone(Seen seen) {
    assertThat(seen).as("the fixture class recorded its guest").isNotNull();
    assertThat(seen.processes()).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    assertThat(seen.runDir()).doesNotExist();
    assertThat(seen.sharedDir()).doesNotExist();
  }

  static void record(Class<?> testCase, Guest guest) {
    GuestInternals running = GuestInternals.of(guest);
    List<ProcessHandle> processes = running.guards().stream()
        .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
        .toList();
    String bootId = guest.exec("cat /proc/sys/kernel/random/boot_id").stdout().trim();
    Path runDir = running.daemonSocket(0).getParent();
    assertThat(runDir).isDirectory();
    assertThat(Files.isDirectory(guest.sharedDir())).isTrue();
    SEEN.put(testCase, new Seen(bootId, processes, guest.sharedDir(), runDir));
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by CleanupIT")
  static class FailingTestCase {
    @Test
    void fails(Guest guest) {
      record(FailingTestCase.class, guest);
      fail("this test fails on purpose");
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by CleanupIT")
  static class FirstTestCase {
    @Test
    void records(Guest guest) {
      record(FirstTestCase.class, guest);
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by CleanupIT")
  static class SecondTestCase {
    @Test
    void records(Guest guest) {
      record(SecondTestCase.class, guest);
    }
  }

  @VirtioFsVm(memoryMiB = 256, bootTimeoutSeconds = 1)
  @Disabled("Run by CleanupIT")
  static class SlowBootTestCase {
    @Test
    void neverRuns() {
      fail("the guest's init never gets it ready");
    }
  }
}
