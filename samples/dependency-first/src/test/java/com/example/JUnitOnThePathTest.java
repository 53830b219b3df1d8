package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.util.ReflectionUtils;

/**
 * Discovered and run whatever JUnit the project lists after virtiofs-junit, without a BOM: the
 * JUnit on the path is the project's own, the one the invoker run asked for.
 */
@VirtioFsVm(memoryMiB = 256)
class JUnitOnThePathTest {

  @Test
  void theProjectsJUnitIsTheOneOnThePath() {
    String expected = System.getProperty("expectedJUnit");
    // JUnit 5.x.y's platform is 1.x.y; from JUnit 6 on, both carry one version
    String platform = expected.startsWith("5.") ? "1." + expected.substring(2) : expected;
    assertEquals(platform, ReflectionUtils.class.getPackage().getImplementationVersion(),
        "junit-platform-commons on the test path");
    assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api on the test path");
  }

  @Test
  void theGuestSeesTheShare(Guest guest) throws Exception {
    Files.writeString(guest.sharedDir().resolve("order.txt"), "dependency first");
    assertEquals("dependency first", guest.exec("cat " + guest.mountPoint() + "/order.txt").stdout());
  }
}
