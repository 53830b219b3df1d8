package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.ExtensionInternals;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A failed class's guest can be kept running after the class, logged in to with the printed
 * {@code ssh} command, and stopped as host/kept-guests stops it, which leaves nothing behind.
 */
class KeepOnFailureIT {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  @Test
  void aFailedClassKeepsItsGuestUntilStopped() throws Exception {
    TestKit.run(FailingTestCase.class).testEvents().assertStatistics(s -> s.started(1).failed(1));
    var kept = ExtensionInternals.keptGuests().stream()
        .filter(k -> k.testClass().equals(FailingTestCase.class.getName())).findFirst().orElseThrow();
    try {
      assertThat(kept.runDir()).isEqualTo(SEEN.get("runDir"));
      assertThat(kept.runDir().resolve("client_key")).exists();
      List<String> ssh = List.of((kept.sshCommand() + " -o BatchMode=yes cat /mnt/share/marker").split(" "));
      Process login = new ProcessBuilder(ssh).redirectErrorStream(true).start();
      String output = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(login.waitFor()).as(output).isZero();
      assertThat(output).isEqualTo("left for a person to look at\n");
      assertThat(((List<?>) SEEN.get("processes"))).allMatch(p -> ((ProcessHandle) p).isAlive());
    } finally {
      ExtensionInternals.stopKeptGuest(kept.id());
    }
    assertThat(((List<?>) SEEN.get("processes"))).noneMatch(p -> ((ProcessHandle) p).isAlive());
    assertThat(kept.runDir()).doesNotExist();
    assertThat((Path) SEEN.get("share")).doesNotExist();
    assertThat(ExtensionInternals.keptGuests()).noneMatch(k -> k.id().equals(kept.id()));
  }

  @Test
  void aPassingClassIsNotKept() {
    TestKit.run(PassingTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(ExtensionInternals.keptGuests()).noneMatch(k -> k.testClass().equals(PassingTestCase.class.getName()));
    assertThat((Path) SEEN.get("passingRunDir")).doesNotExist();
  }

  @VirtioFsVm(memoryMiB = 256, keepOnFailure = true)
  @Disabled("Run by KeepOnFailureIT")
  static class FailingTestCase {
    @Test
    void fails(Guest guest) throws IOException {
      GuestInternals running = GuestInternals.of(guest);
      SEEN.put("runDir", running.runDir());
      SEEN.put("share", guest.sharedDir());
      List<ProcessHandle> processes = java.util.stream.Stream.concat(
          running.processes("-name virtiofs-junit:").stream(),
          running.processes("--socket-path").stream()).toList();
      assertThat(processes).hasSizeGreaterThanOrEqualTo(2);
      SEEN.put("processes", processes);
      guest.writeString(guest.mountPoint() + "/marker", "left for a person to look at\n");
      fail("fails on purpose, to keep the guest");
    }
  }

  @VirtioFsVm(memoryMiB = 256, keepOnFailure = true)
  @Disabled("Run by KeepOnFailureIT")
  static class PassingTestCase {
    @Test
    void passes(Guest guest) {
      SEEN.put("passingRunDir", GuestInternals.of(guest).runDir());
    }
  }
}
