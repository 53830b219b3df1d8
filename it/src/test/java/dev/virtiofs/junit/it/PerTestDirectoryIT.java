package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each test gets its own subdirectory of the share, in the one guest of the class. */
@VirtioFsVm(memoryMiB = 256, perTestDirectory = true)
class PerTestDirectoryIT {

  static Guest wholeShare;
  Guest field;

  @Test
  void firstTestSeesOnlyItsOwnFiles(Guest guest) throws IOException {
    assertOwnDirectory(guest, "firstTestSeesOnlyItsOwnFiles");
  }

  @Test
  void secondTestSeesOnlyItsOwnFiles(Guest guest) throws IOException {
    assertOwnDirectory(guest, "secondTestSeesOnlyItsOwnFiles");
  }

  private void assertOwnDirectory(Guest guest, String name) throws IOException {
    assertThat(field.sharedDir()).isEqualTo(guest.sharedDir());
    assertThat(guest.sharedDir()).isEqualTo(wholeShare.sharedDir().resolve(name));
    assertThat(guest.mountPoint()).isEqualTo("/mnt/share/" + name);
    assertThat(guest.share("share0").mountPoint()).isEqualTo(guest.mountPoint());

    guest.exec("echo " + name + " > " + guest.mountPoint() + "/written-by-the-test");

    try (Stream<java.nio.file.Path> files = Files.list(guest.sharedDir())) {
      assertThat(files).containsExactly(guest.sharedDir().resolve("written-by-the-test"));
    }
    assertThat(guest.exec("ls " + guest.mountPoint()).stdout()).isEqualTo("written-by-the-test\n");
  }
}
