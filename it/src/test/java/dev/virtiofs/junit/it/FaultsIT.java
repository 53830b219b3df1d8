package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Faults in and around the guest: each ends in a clear report, and leaves nothing running. */
class FaultsIT {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  @Test
  void aGuestKernelPanicFailsTheClassAtOnceWithTheConsoleTail(@TempDir Path dir) throws IOException {
    Path emptyInitramfs = Files.write(dir.resolve("empty.cpio"), emptyCpio());
    Path kernel = ExtensionInternals.imageKernel();
    Set<ProcessHandle> before = ourProcesses();

    long start = System.nanoTime();
    EngineExecutionResults results = TestKit.run(
        Map.of("virtiofs.kernel", kernel.toString(), "virtiofs.initramfs", emptyInitramfs.toString()),
        PanickingTestCase.class);

    results.containerEvents().assertThatEvents().haveExactly(1, event(container(PanickingTestCase.class),
        finishedWithFailure(instanceOf(GuestException.class), message(m ->
            m.contains("QEMU exited with status 0 while the guest booted") && m.contains("Kernel panic")))));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed fast, not at the 60 s boot timeout")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(ourProcesses()).isSubsetOf(before);
  }

  @Test
  void aShareWhosePathHasSpacesQuotesAndNonAsciiLettersWorks() throws IOException {
    Path share = Files.createDirectories(Path.of(OddPathTestCase.SHARE));
    try {
      TestKit.run(OddPathTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
      assertThat(share.resolve("from-guest")).hasContent("ok");
    } finally {
      Files.deleteIfExists(share.resolve("from-guest"));
      Files.deleteIfExists(share);
    }
  }

  @Test
  void aDeadVirtiofsdIsReportedWithItsLog() {
    TestKit.run(VirtiofsdKilledTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Test
  void aStoppedQemuBoundsExecAndTeardownStillEndsEverything() {
    Set<ProcessHandle> before = ourProcesses();

    TestKit.run(StoppedQemuTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(ourProcesses()).isSubsetOf(before);
  }

  @Test
  void specialFilesTheGuestMakesDoNotStopTheTemporaryShareFromBeingRemoved() {
    TestKit.run(SpecialFilesTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat((Path) SEEN.get("share")).doesNotExist();
    assertThat(Path.of("/etc/hostname")).exists();
  }

  @Test
  void aTeardownStepThatThrowsIsReportedAndTheOthersStillRun() throws Exception {
    Set<ProcessHandle> before = ourProcesses();
    try {
      EngineExecutionResults results = TestKit.run(UndeletableShareTestCase.class);

      // JUnit 5.13 and later wrap a store's close failure in "Failed to close extension context"
      String expected = "Could not remove " + SEEN.get("share");
      results.containerEvents().assertThatEvents().haveExactly(1, event(container(UndeletableShareTestCase.class),
          finishedWithFailure(new Condition<>(failure -> Stream.iterate(failure, Objects::nonNull, Throwable::getCause)
              .anyMatch(e -> String.valueOf(e.getMessage()).startsWith(expected)), "a failure, or its cause, saying [%s]",
              expected))));
      assertThat(ourProcesses()).isSubsetOf(before);
      assertThat((Path) SEEN.get("runDir")).doesNotExist();
    } finally {
      Path share = (Path) SEEN.get("share");
      if (share != null) {
        run("chattr", "-i", share.resolve("immutable").toString());
        Files.deleteIfExists(share.resolve("immutable"));
        Files.deleteIfExists(share);
      }
    }
  }

  @Test
  void aTmpdirTooLongForUnixSocketsStillWorks(@TempDir Path dir) throws IOException {
    Path longTmp = Files.createDirectories(dir.resolve("x".repeat(90)));
    String saved = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", longTmp.toString());
    try {
      TestKit.run(FirstGuestTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    } finally {
      System.setProperty("java.io.tmpdir", saved);
    }
    assertThat(((Path) SEEN.get("runDir")).toString()).startsWith("/tmp/virtiofs-junit-");
  }

  static Set<ProcessHandle> ourProcesses() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").matches(".*(qemu-system|virtiofsd).*"))
        .collect(Collectors.toSet());
  }

  static List<ProcessHandle> processesOf(Guest guest, String name) {
    return GuestInternals.of(guest).processes(name);
  }

  static void run(String... command) throws IOException, InterruptedException {
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  /** A cpio archive with nothing in it: the kernel finds no init and panics. */
  /** A newc cpio archive of one executable file; appended to an initramfs, it replaces that file. */
  static byte[] cpio(String name, String content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    String path = name + "\0";
    String header = "070701" + "00000000" + String.format("%08X", 0100755) + "00000000".repeat(2) + "00000001"
        + "00000000" + String.format("%08X", data.length) + "00000000".repeat(4)
        + String.format("%08X", path.length()) + "00000000";
    out.writeBytes((header + path).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[(4 - out.size() % 4) % 4]);
    out.writeBytes(data);
    out.writeBytes(new byte[(4 - out.size() % 4) % 4]);
    out.writeBytes(emptyCpio());
    return out.toByteArray();
  }

  private static byte[] emptyCpio() {
    String name = "TRAILER!!!\0";
    String header = "070701" + "00000000".repeat(4) + "00000001" + "00000000".repeat(6)
        + String.format("%08X", name.length()) + "00000000";
    byte[] entry = (header + name).getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(entry, (entry.length + 3) / 4 * 4 + 512);
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class PanickingTestCase {
    @Test
    void neverRuns() {}
  }

  @VirtioFsVm(memoryMiB = 256, shareDir = OddPathTestCase.SHARE)
  @Disabled("Run by FaultsIT")
  static class OddPathTestCase {
    static final String SHARE = "target/odd share 'quoted' \"double\" ünïcødé";

    @Test
    void writes(Guest guest) {
      assertThat(guest.sharedDir().getFileName().toString()).isEqualTo("odd share 'quoted' \"double\" ünïcødé");
      assertThat(guest.exec("printf ok > " + guest.mountPoint() + "/from-guest").exitCode()).isZero();
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class VirtiofsdKilledTestCase {
    @Test
    void killsVirtiofsd(Guest guest) {
      GuestInternals running = GuestInternals.of(guest);
      running.processes("virtiofsd").forEach(ProcessHandle::destroyForcibly);
      org.awaitility.Awaitility.await("virtiofsd gone").atMost(Duration.ofSeconds(10))
          .until(() -> !running.daemonAlive(0));

      assertThatThrownBy(() -> guest.exec("ls " + guest.mountPoint()))
          .isInstanceOf(GuestException.class)
          .hasMessageStartingWith("Cannot trust [ls /mnt/share]: virtiofsd died, so the share gives I/O errors."
              + " virtiofsd exited with status 137.")
          .hasMessageContaining("Log (" + running.daemonLog(0) + ")");
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class StoppedQemuTestCase {
    @Test
    void stopsQemu(Guest guest) throws Exception {
      List<ProcessHandle> qemu = processesOf(guest, "qemu-system");
      run("kill", "-STOP", Long.toString(qemu.get(0).pid()));

      assertThatThrownBy(() -> guest.exec("true", Duration.ofSeconds(2)))
          .isInstanceOf(GuestException.class)
          .hasMessageStartingWith("Command [true] did not end within 2000 ms");
      // a request larger than the socket's buffers: nobody reads it, yet the caller is let go
      long start = System.nanoTime();
      assertThatThrownBy(() -> guest.exec("true #" + "x".repeat(8 << 20), Duration.ofSeconds(2)))
          .isInstanceOf(GuestException.class)
          .hasMessageContaining("did not end within 2000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class SpecialFilesTestCase {
    @Test
    void makesSpecialFiles(Guest guest) {
      String m = guest.mountPoint();
      assertThat(guest.exec("cd " + m + " && mkfifo fifo && touch suid && chmod 4755 suid && ln -s /etc etc-link"
          + " && ln -s .. dotdot && mkdir -p deep/er && ln -s ../../.. deep/er/up && (mknod null c 1 3 || true)")
          .exitCode()).isZero();
      assertThat(guest.sharedDir().resolve("fifo")).exists();
      assertThat(Files.isSymbolicLink(guest.sharedDir().resolve("etc-link"))).isTrue();
      SEEN.put("share", guest.sharedDir());
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class UndeletableShareTestCase {
    @Test
    void makesTheShareUndeletable(Guest guest) throws Exception {
      Files.writeString(guest.sharedDir().resolve("immutable"), "x");
      run("chattr", "+i", guest.sharedDir().resolve("immutable").toString());
      SEEN.put("share", guest.sharedDir());
      SEEN.put("runDir", GuestInternals.of(guest).daemonSocket(0).getParent());
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by FaultsIT")
  static class FirstGuestTestCase {
    @Test
    void records(Guest guest) {
      SEEN.put("runDir", GuestInternals.of(guest).daemonSocket(0).getParent());
      assertThat(guest.exec("true").exitCode()).isZero();
    }
  }
}
