package dev.virtiofs.junit;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.Events;

/**
 * Each mistake in {@code @VirtioFsVm} fails its class, before anything starts, with one message
 * naming the attribute, the value and the fix.
 */
class MisconfigurationTests {

  @Test
  void relativeMountPoint() {
    assertClassFails(RelativeMountPointTestCase.class, m -> m.equals("@VirtioFsVm on "
        + RelativeMountPointTestCase.class.getName()
        + ": attribute mountPoint has value [mnt/share]; use an absolute guest path such as /mnt/share"));
  }

  @Test
  void mountPointWithWhitespace() {
    assertClassFails(SpacedMountPointTestCase.class, m -> m.endsWith(
        "attribute mountPoint has value [/mnt/my share]; use an absolute guest path other than / made of"
            + " letters, digits and . _ - + @ /"));
  }

  @Test
  void tooLittleMemory() {
    assertClassFails(TinyMemoryTestCase.class, m -> m.endsWith("attribute memoryMiB has value [64]; use at least 128"));
  }

  @Test
  void zeroCpus() {
    assertClassFails(ZeroCpusTestCase.class, m -> m.endsWith("attribute cpus has value [0]; use 1 to 64"));
  }

  @Test
  void zeroBootTimeout() {
    assertClassFails(ZeroTimeoutTestCase.class, m -> m.endsWith("attribute bootTimeoutSeconds has value [0]; use 1 or more seconds"));
  }

  @Test
  void malformedGuestKernel() {
    assertClassFails(BadGuestKernelTestCase.class, m -> m.endsWith(
        "attribute guestKernel has value [latest]; use a kernel line of the guest image such as 6.12 or 6.1"));
  }

  @Test
  void kernelMatrixWithAMalformedLine() {
    assertClassFails(BadMatrixTestCase.class, m -> m.equals("@GuestKernels on " + BadMatrixTestCase.class.getName()
        + " has value [latest]; use a kernel line of the guest image such as 6.12 or 6.1"));
  }

  @Test
  void aSubclassOfAKernelMatrixClassIsOneToo() {
    assertClassFails(InheritedMatrixTestCase.class, m -> m.equals("@GuestKernels on "
        + InheritedMatrixTestCase.class.getName() + " has value [latest]; use a kernel line of the guest image"
        + " such as 6.12 or 6.1"));
  }

  @Test
  void kernelMatrixAndGuestKernelTogether() {
    assertClassFails(MatrixAndGuestKernelTestCase.class, m -> m.endsWith("and @VirtioFsVm(guestKernel ="
        + " \"6.1\") both choose the kernel; keep one of them (the matrix runs the class on each of its lines)"));
  }

  @Test
  void kernelMatrixWithoutVirtioFsVm() {
    assertClassFails(MatrixWithoutVmTestCase.class, m -> m.equals("@GuestKernels on "
        + MatrixWithoutVmTestCase.class.getName() + " runs a @VirtioFsVm class on several kernels; annotate it"
        + " with @VirtioFsVm too"));
  }

  @Test
  void nineGuests() {
    assertClassFails(NineGuestsTestCase.class, m -> m.endsWith("attribute guests has value [9]; use 1 to 8"));
  }

  @Test
  void severalGuestsWithPerTestDirectories() {
    assertClassFails(GuestsPerTestTestCase.class, m -> m.endsWith(
        "attributes guests has value [2] and perTestDirectory [true], which do not go together (a test's"
            + " directory is made for one guest); drop perTestDirectory and give each test a directory of"
            + " its own in the share"));
  }

  @Test
  void unknownCacheMode() {
    assertClassFails(BadCacheTestCase.class, m -> m.endsWith("attribute cache has value [sometimes]; use auto, always, never or metadata"));
  }

  @Test
  void shareDirThatDoesNotExist() {
    assertClassFails(MissingShareTestCase.class, m -> m.contains("attribute shareDir has value [no/such/dir]; it resolves to ")
        && m.endsWith("/no/such/dir, which does not exist"));
  }

  @Test
  void shareDirThatIsAFile() throws IOException {
    Files.writeString(Path.of("target/not-a-directory"), "x");
    assertClassFails(FileShareTestCase.class, m -> m.endsWith("/target/not-a-directory, which is not a directory"));
  }

  @Test
  void twoSharesWithOneTag() {
    assertClassFails(DuplicateTagTestCase.class, m -> m.equals("@Share(tag = \"share0\") on "
        + DuplicateTagTestCase.class.getName() + ": attribute tag has value [share0]; another share of the class"
        + " has this tag; make tags unique"));
  }

  @Test
  void twoSharesOnOneMountPoint() {
    assertClassFails(DuplicateMountPointTestCase.class, m -> m.endsWith("attribute mountPoint has value"
        + " [/mnt/share]; share [share0] is mounted there already; give each share its own mount point"));
  }

  @Test
  void aTagWithSpaces() {
    assertClassFails(BadTagTestCase.class, m -> m.endsWith("attribute tag has value [my tag]; use 1 to 36"
        + " letters, digits, _ or -"));
  }

  @Test
  void missingPrerequisitesFailTheClassWithTheReport() {
    Events events = FixtureRun.containerEvents(WellFormedTestCase.class,
        Map.of("virtiofs.qemu", "/no/such/qemu", "virtiofs.virtiofsd", "/bin/true"));
    events.assertThatEvents().haveExactly(1, event(container(WellFormedTestCase.class), finishedWithFailure(
        instanceOf(ExtensionConfigurationException.class),
        message(m -> m.startsWith("virtiofs-junit cannot boot a guest on this host: missing QEMU, virtiofsd")
            && m.contains("[MISSING] QEMU: [/no/such/qemu] no such file (from virtiofs.qemu)")
            && m.contains("[MISSING] virtiofsd: [/bin/true] not a virtiofsd")))));
  }

  private static void assertClassFails(Class<?> testCase, Predicate<String> expectedMessage) {
    FixtureRun.containerEvents(testCase, Map.of())
        .assertThatEvents()
        .haveExactly(1, event(container(testCase), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class), message(expectedMessage))));
  }

  @VirtioFsVm(mountPoint = "mnt/share")
  @Disabled("Run by the testkit")
  static class RelativeMountPointTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(mountPoint = "/mnt/my share")
  @Disabled("Run by the testkit")
  static class SpacedMountPointTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @GuestKernels({"6.12", "latest"})
  @Disabled("Run by the testkit")
  static class BadMatrixTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @GuestKernels({"6.12", "latest"})
  abstract static class MatrixBaseTestCase {
    @Test
    void test() {}
  }

  @Disabled("Run by the testkit")
  static class InheritedMatrixTestCase extends MatrixBaseTestCase {}

  @VirtioFsVm(guestKernel = "6.1")
  @GuestKernels({"6.12", "6.1"})
  @Disabled("Run by the testkit")
  static class MatrixAndGuestKernelTestCase {
    @Test
    void test() {}
  }

  @GuestKernels({"6.12", "6.1"})
  @Disabled("Run by the testkit")
  static class MatrixWithoutVmTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(guestKernel = "latest")
  @Disabled("Run by the testkit")
  static class BadGuestKernelTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(guests = 9)
  @Disabled("Run by the testkit")
  static class NineGuestsTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(guests = 2, perTestDirectory = true)
  @Disabled("Run by the testkit")
  static class GuestsPerTestTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(memoryMiB = 64)
  @Disabled("Run by the testkit")
  static class TinyMemoryTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(cpus = 0)
  @Disabled("Run by the testkit")
  static class ZeroCpusTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(bootTimeoutSeconds = 0)
  @Disabled("Run by the testkit")
  static class ZeroTimeoutTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(cache = "sometimes")
  @Disabled("Run by the testkit")
  static class BadCacheTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(shareDir = "no/such/dir")
  @Disabled("Run by the testkit")
  static class MissingShareTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(shareDir = "target/not-a-directory")
  @Disabled("Run by the testkit")
  static class FileShareTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @Share(tag = "share0", mountPoint = "/mnt/other")
  @Disabled("Run by the testkit")
  static class DuplicateTagTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @Share(tag = "other", mountPoint = "/mnt/share")
  @Disabled("Run by the testkit")
  static class DuplicateMountPointTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @Share(tag = "my tag", mountPoint = "/mnt/other")
  @Disabled("Run by the testkit")
  static class BadTagTestCase {
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
