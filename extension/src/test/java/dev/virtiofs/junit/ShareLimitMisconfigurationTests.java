package dev.virtiofs.junit;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A share limit that cannot be had fails its class before anything starts, naming the attribute, value and fix. */
class ShareLimitMisconfigurationTests {

  @Test
  void aSizeLimitOnADirectoryOfOnesOwn() {
    assertClassFails(SizeOnOwnDirTestCase.class, m -> m.equals("@VirtioFsVm on " + SizeOnOwnDirTestCase.class.getName()
        + ": attribute shareSizeLimitMiB has value [8]; a size limit makes the temporary share a tmpfs of that"
        + " size, and this share has a host directory of its own; leave the directory empty, or the limit 0"));
  }

  @Test
  void aNegativeSizeLimit() {
    assertClassFails(NegativeSizeTestCase.class, m -> m.endsWith(
        ": attribute sizeLimitMiB has value [-1]; use 0 for no limit, or 1 to 1048576 MiB"));
  }

  @Test
  void anOpenFileLimitTooLowForTheDaemon() {
    assertClassFails(TooFewFilesTestCase.class, m -> m.endsWith(": attribute shareOpenFileLimit has value [8];"
        + " use 0 for the daemon's own limit, or 16 to 1048576 (virtiofsd needs a few descriptors itself)"));
  }

  private static void assertClassFails(Class<?> testCase, Predicate<String> expectedMessage) {
    FixtureRun.containerEvents(testCase, Map.of())
        .assertThatEvents()
        .haveExactly(1, event(container(testCase), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class), message(expectedMessage))));
  }

  @VirtioFsVm(shareDir = "target", shareSizeLimitMiB = 8)
  @Disabled("Run by the testkit")
  static class SizeOnOwnDirTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm
  @Share(tag = "small", mountPoint = "/mnt/small", sizeLimitMiB = -1)
  @Disabled("Run by the testkit")
  static class NegativeSizeTestCase {
    @Test
    void test() {}
  }

  @VirtioFsVm(shareOpenFileLimit = 8)
  @Disabled("Run by the testkit")
  static class TooFewFilesTestCase {
    @Test
    void test() {}
  }
}
