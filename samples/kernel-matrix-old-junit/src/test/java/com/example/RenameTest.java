package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestKernels;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** On JUnit 5.12, which has no class templates, this class fails: the build must say why. */
@VirtioFsVm
@GuestKernels({"6.12", "6.1"})
class RenameTest {
  @Test
  void aRenameIsSeenAtOnce(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("a"), "x");
    guest.exec("mv " + guest.mountPoint() + "/a " + guest.mountPoint() + "/b");
    assertTrue(Files.exists(guest.sharedDir().resolve("b")));
  }
}
