package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Run by Failsafe: ./mvnw verify. */
@VirtioFsVm
class SharedDirectoryIT {

  @Test
  void guestSeesHostFiles(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("hello.txt"), "hello from the host");

    ExecResult result = guest.exec("cat " + guest.mountPoint() + "/hello.txt");

    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("hello from the host", result.stdout());
  }

  @Test
  void hostSeesGuestFiles(Guest guest) {
    guest.exec("echo written in the guest > " + guest.mountPoint() + "/from-guest.txt");

    assertTrue(Files.exists(guest.sharedDir().resolve("from-guest.txt")));
  }
}
