package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * JUnit's parallel class execution runs four guests at once with no collision of ports, sockets,
 * directories or logs, and under load: 200 commands and 1,000 files each way per guest.
 */
class ParallelIT {

  static final Map<Class<?>, Path> LOG_DIRS = new ConcurrentHashMap<>();
  static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
  static final Set<Path> RUN_DIRS = ConcurrentHashMap.newKeySet();

  @Test
  void fourGuestsInParallelUnderLoad() {
    EngineExecutionResults results = TestKit.run(Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
        FirstTestCase.class, SecondTestCase.class, ThirdTestCase.class, FourthTestCase.class);

    // each failure with its cause first: the statistics alone do not say which command failed, or why
    assertThat(results.testEvents().failed().stream()
        .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("")))
        .isEmpty();
    results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(8));
    assertThat(PORTS).hasSize(4);
    assertThat(LOG_DIRS.values()).doesNotHaveDuplicates().hasSize(4)
        .allSatisfy(dir -> assertThat(dir.resolve("console.log")).content().contains("guest ready"));
    // the processes of these four guests, by their run directories (virtiofsd's sockets and QEMU's
    // are there): the outer run may be starting the guest of a later class ahead meanwhile
    assertThat(RUN_DIRS).hasSize(4);
    assertThat(FaultsIT.ourProcesses()).noneMatch(p -> RUN_DIRS.stream()
        .anyMatch(dir -> p.info().commandLine().orElse("").contains(dir.toString())));
  }

  @VirtioFsVm(memoryMiB = 256, bootTimeoutSeconds = 180)
  abstract static class Load {

    @Test
    void twoHundredCommands(Guest guest) {
      PORTS.add(GuestInternals.of(guest).sshPort());
      RUN_DIRS.add(GuestInternals.of(guest).runDir());
      LOG_DIRS.put(getClass(), GuestInternals.of(guest).logDir());
      for (int i = 0; i < 200; i++) {
        ExecResult result = guest.exec("echo " + i);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(i + "\n");
      }
    }

    @Test
    void aThousandFilesEachWay(Guest guest) throws IOException {
      String m = guest.mountPoint();
      ExecResult written = guest.exec("mkdir " + m + "/g && cd " + m + "/g && i=0; while [ $i -lt 1000 ];"
          + " do echo \"guest $i\" > f$i; i=$((i + 1)); done");
      assertThat(written.exitCode()).as(written.stderr()).isZero();
      for (int i = 0; i < 1000; i++) {
        assertThat(guest.sharedDir().resolve("g/f" + i)).hasContent("guest " + i);
      }

      Path hostDir = Files.createDirectory(guest.sharedDir().resolve("h"));
      for (int i = 0; i < 1000; i++) {
        Files.writeString(hostDir.resolve("f" + i), "host " + i + "\n");
      }
      ExecResult read = guest.exec("cd " + m + "/h && i=0; bad=0; while [ $i -lt 1000 ]; do"
          + " read -r line < f$i; [ \"$line\" = \"host $i\" ] || bad=$((bad + 1)); i=$((i + 1)); done; echo $bad");
      assertThat(read.stdout()).isEqualTo("0\n");
    }
  }

  @Disabled("Run by ParallelIT")
  static class FirstTestCase extends Load {}

  @Disabled("Run by ParallelIT")
  static class SecondTestCase extends Load {}

  @Disabled("Run by ParallelIT")
  static class ThirdTestCase extends Load {}

  @Disabled("Run by ParallelIT")
  static class FourthTestCase extends Load {}
}
