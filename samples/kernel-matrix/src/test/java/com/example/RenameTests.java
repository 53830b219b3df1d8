package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtiofs.junit.Guest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The kernel matrix on any JUnit: the tests here, one subclass per kernel. */
abstract class RenameTests {

  abstract String kernelLine();

  @Test
  void aRenameIsSeenAtOnce(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("a"), "x");
    guest.exec("mv " + guest.mountPoint() + "/a " + guest.mountPoint() + "/b");
    assertTrue(Files.exists(guest.sharedDir().resolve("b")));
  }

  @Test
  void theGuestRunsItsKernel(Guest guest) {
    assertEquals(kernelLine(), guest.exec("uname -r | cut -d. -f1,2").stdout().strip());
  }
}
