package dev.virtiofs.junit;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each missing or wrong prerequisite fails the class with the report: what was found, from which
 * setting, and how to fix it. Stand-in binaries and images make every case here, so nothing boots.
 */
class PrerequisiteFailureTests {

  @TempDir Path dir;
  private final Map<String, String> parameters = new HashMap<>();

  @BeforeEach
  void aHostThatHasEverything() throws IOException {
    parameters.put("virtiofs.qemu", script("qemu", """
        case "$1" in
          -version) echo 'QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)';;
          -device) echo 'name "vhost-user-fs-pci", bus PCI';;
        esac"""));
    parameters.put("virtiofs.virtiofsd", script("virtiofsd", "echo 'virtiofsd 1.13.2'"));
    parameters.put("virtiofs.kernel", Files.writeString(dir.resolve("vmlinuz"), "kernel").toString());
    Files.writeString(dir.resolve("vmlinuz.config"), "CONFIG_VIRTIO_FS=m\n");
    parameters.put("virtiofs.initramfs", Files.writeString(dir.resolve("initramfs"), "070701...").toString());
    parameters.put("virtiofs.accel", "tcg");
  }

  @Test
  void qemuOlderThan42() throws IOException {
    parameters.put("virtiofs.qemu", script("old-qemu", "echo 'QEMU emulator version 4.1.1'"));

    assertReport(m -> m.contains("missing QEMU") && m.contains("[MISSING] QEMU: QEMU 4.1.1 at " + dir.resolve("old-qemu") + " is older than 4.2")
        && m.contains("fix: on Debian 12 or 13 run 'sudo host/setup-host.sh'"));
  }

  @Test
  void qemuWithoutVhostUserFs() throws IOException {
    parameters.put("virtiofs.qemu", script("qemu-without", """
        case "$1" in
          -version) echo 'QEMU emulator version 8.2.0';;
          -device) echo 'name "virtio-net-pci", bus PCI';;
        esac"""));

    assertReport(m -> m.contains("[MISSING] vhost-user-fs-pci: QEMU 8.2.0 at " + dir.resolve("qemu-without") + " has no vhost-user-fs-pci device"));
  }

  @Test
  void qemuPathThatIsNotQemu() throws IOException {
    parameters.put("virtiofs.qemu", script("not-qemu", "echo hello"));

    assertReport(m -> m.contains("[MISSING] QEMU: [" + dir.resolve("not-qemu") + "] not QEMU: '-version' printed [hello] (from virtiofs.qemu)"));
  }

  @Test
  void virtiofsdThatDoesNotExist() {
    parameters.put("virtiofs.virtiofsd", "/no/such/virtiofsd");

    assertReport(m -> m.contains("[MISSING] virtiofsd: [/no/such/virtiofsd] no such file (from virtiofs.virtiofsd)")
        && m.contains("fix: on Debian 12 or 13 run 'sudo host/setup-host.sh'"));
  }

  @Test
  void kernelWithoutVirtioFs() throws IOException {
    Files.writeString(dir.resolve("vmlinuz.config"), "# CONFIG_VIRTIO_FS is not set\n");

    assertReport(m -> m.contains("[MISSING] guest kernel: " + dir.resolve("vmlinuz") + " lacks CONFIG_VIRTIO_FS (" + dir.resolve("vmlinuz.config") + ")"));
  }

  @Test
  void missingInitramfs() {
    parameters.put("virtiofs.initramfs", dir.resolve("no-such-initramfs").toString());

    assertReport(m -> m.contains("[MISSING] initramfs: [" + dir.resolve("no-such-initramfs") + "] does not exist or is unreadable"));
  }

  @Test
  void corruptInitramfs() throws IOException {
    Files.writeString(dir.resolve("initramfs"), "this is no archive");

    assertReport(m -> m.contains("[MISSING] initramfs: [" + dir.resolve("initramfs") + "] is not a cpio archive (it starts with bytes 746869732069)"));
  }

  @Test
  void kernelWithoutInitramfsConflict() {
    parameters.remove("virtiofs.initramfs");

    assertReport(m -> m.contains("Configuration parameters [virtiofs.kernel] = [" + dir.resolve("vmlinuz")
        + "] and [virtiofs.initramfs] = [] go together: set both, or neither"));
  }

  @Test
  void malformedParameter() {
    parameters.put("virtiofs.accel", "fast");

    assertReport(m -> m.equals("Configuration parameter [virtiofs.accel] has value [fast]; use auto, kvm or tcg"));
  }

  @Test
  void theAnnotationOptInSkipsTheClassWithTheReportAsReason() {
    parameters.put("virtiofs.virtiofsd", "/no/such/virtiofsd");

    assertSkipped(SkippingTestCase.class);
  }

  @Test
  void theConfigurationOptInSkipsEveryClass() {
    parameters.put("virtiofs.virtiofsd", "/no/such/virtiofsd");
    parameters.put("virtiofs.disabledWithoutPrerequisites", "true");

    assertSkipped(WellFormedTestCase.class);
  }

  private void assertSkipped(Class<?> testCase) {
    FixtureRun.containerEvents(testCase, parameters).assertThatEvents().haveExactly(1, event(container(testCase),
        skippedWithReason(reason -> reason.startsWith("virtiofs-junit cannot boot a guest on this host: missing virtiofsd")
            && reason.contains("[MISSING] virtiofsd: [/no/such/virtiofsd] no such file"))));
  }

  private void assertReport(Predicate<String> expected) {
    FixtureRun.containerEvents(WellFormedTestCase.class, parameters).assertThatEvents().haveExactly(1, event(container(WellFormedTestCase.class),
        finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expected))));
  }

  private String script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file.toString();
  }

  @VirtioFsVm(disabledWithoutPrerequisites = true)
  @Disabled("Run by the testkit")
  static class SkippingTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @Disabled("Run by the testkit")
  static class WellFormedTestCase {
    @Test
    void test() {}
  }
}
