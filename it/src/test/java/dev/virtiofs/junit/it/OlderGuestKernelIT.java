package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code guestKernel = "6.1"} boots Debian 12's original kernel line, virtio-fs as a module. */
@VirtioFsVm(guestKernel = "6.1")
class OlderGuestKernelIT {

  @Test
  void bootsTheKernelLineItAsksFor(Guest guest) throws IOException {
    assertThat(guest.exec("uname -r").stdout()).startsWith("6.1.0-");
    Files.writeString(guest.sharedDir().resolve("f"), "over virtio-fs");
    assertThat(guest.exec("cat " + guest.mountPoint() + "/f; grep -c '^virtiofs ' /proc/modules").stdout())
        .isEqualTo("over virtio-fs1\n");
  }
}
