package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's minimal example, verbatim: the first thing a new user runs. */
@VirtioFsVm
class QuickStartIT {

  @Test
  void guestSeesHostFiles(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("hello.txt"), "hello from the host");

    ExecResult result = guest.exec("cat " + guest.mountPoint() + "/hello.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("hello from the host");
  }

  @Test
  void hostSeesGuestFiles(Guest guest) {
    guest.exec("uname -r > " + guest.mountPoint() + "/kernel.txt");

    assertThat(guest.sharedDir().resolve("kernel.txt")).content().startsWith("6.");
  }
}
