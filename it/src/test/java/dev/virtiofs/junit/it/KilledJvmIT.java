package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A test JVM killed with SIGKILL while its guest runs leaves no QEMU and no virtiofsd behind: the
 * fixture class runs in a child JVM through the JUnit Platform Launcher, as an IDE runs it.
 */
class KilledJvmIT {

  @Test
  void sigkillOfTheTestJvmTakesItsGuestWithIt(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("guest-is-up");
    Process jvm = childJvm(marker, dir.resolve("child.log"));
    try {
      await("the child JVM's guest").atMost(Duration.ofSeconds(120)).until(() -> Files.exists(marker) || !jvm.isAlive());
      assertThat(jvm.isAlive()).as("child JVM alive; its log:%n%s", Files.readString(dir.resolve("child.log"))).isTrue();
      List<ProcessHandle> started = jvm.toHandle().descendants()
          .filter(p -> p.info().commandLine().orElse("").matches(".*(qemu-system|virtiofsd).*"))
          .toList();
      assertThat(started).as("QEMU and virtiofsd of the child JVM").hasSizeGreaterThanOrEqualTo(2);

      jvm.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no store, nothing runs

      await("QEMU and virtiofsd of the killed JVM to end").atMost(Duration.ofSeconds(10))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
      // Its files are swept by the next run's start-up: run one (the sweep runs before any boot).
      Path runDir = Files.readString(marker.resolveSibling("run-dir")).transform(Path::of);
      assertThat(runDir).isDirectory();
      TestKit.run(CleanupIT.FirstTestCase.class);
      assertThat(runDir).doesNotExist();
    } finally {
      jvm.destroyForcibly();
    }
  }

  private static Process childJvm(Path marker, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    for (String name : new String[] {"virtiofs.virtiofsd", "virtiofs.logDir"}) {
      if (System.getProperty(name) != null) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.add("-Dmarker=" + marker);
    command.add(KilledJvmIT.class.getName());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The child JVM: runs the fixture class through the JUnit Platform Launcher. */
  public static void main(String[] args) {
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(HangingTestCase.class))
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .build());
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by KilledJvmIT in a child JVM")
  static class HangingTestCase {
    @Test
    void waitsToBeKilled(Guest guest) throws Exception {
      Path marker = Path.of(System.getProperty("marker"));
      Files.writeString(marker.resolveSibling("run-dir"),
          GuestInternals.of(guest).daemonSocket(0).getParent().toString());
      Files.writeString(marker, guest.exec("echo up").stdout());
      new CountDownLatch(1).await(5, TimeUnit.MINUTES); // the parent kills this JVM long before
    }
  }
}
