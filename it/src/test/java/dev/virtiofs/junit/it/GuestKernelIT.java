package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import org.junit.jupiter.api.Test;

/**
 * A guest gets the image's default kernel line, Debian's 6.12, and its drivers that Debian builds
 * as modules are loaded (the network, fw_cfg and the share work); {@link OlderGuestKernelIT} asks
 * for 6.1.
 */
@VirtioFsVm
class GuestKernelIT {

  @Test
  void bootsDebiansNewerKernelByDefault(Guest guest) {
    assertThat(guest.exec("uname -r").stdout()).startsWith("6.12.").contains("cloud-amd64");
  }

  @Test
  void loadsTheModulesItNeeds(Guest guest) {
    assertThat(guest.exec("cat /proc/modules").stdout()).contains("virtio_net", "qemu_fw_cfg", "overlay");
  }
}
