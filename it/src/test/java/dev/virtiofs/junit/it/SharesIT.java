package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Several shares in one guest, each with its own tag, mount point, access and options. */
@VirtioFsVm(memoryMiB = 256)
@Share(tag = "inputs", hostDir = "src/test/resources/shared-inputs", mountPoint = "/mnt/inputs", readOnly = true)
@Share(tag = "attrs", mountPoint = "/mnt/attrs", xattr = true, posixAcl = true, cache = "never")
class SharesIT {

  @Test
  void everyShareIsMountedWhereItsAnnotationSays(Guest guest) {
    assertThat(guest.shares()).extracting(SharedDirectory::tag).containsExactly("share0", "inputs", "attrs");
    assertThat(guest.share("inputs").hostDir()).isEqualTo(Path.of("src/test/resources/shared-inputs").toAbsolutePath());

    String mounts = guest.exec("grep virtiofs /proc/mounts").stdout();

    assertThat(mounts).contains("share0 /mnt/share virtiofs rw", "inputs /mnt/inputs virtiofs ro",
        "attrs /mnt/attrs virtiofs rw");
  }

  @Test
  void aReadOnlyShareCanBeReadButNotWritten(Guest guest) throws IOException {
    assertThat(guest.readString("/mnt/inputs/input.txt")).isEqualTo("an input the guest may read, not write\n");

    ExecResult write = guest.exec("echo changed > /mnt/inputs/input.txt");

    assertThat(write.exitCode()).isNotZero();
    assertThat(write.stderr()).contains("Read-only file system");
    assertThat(guest.share("inputs").hostDir().resolve("input.txt")).hasContent("an input the guest may read, not write");
  }

  @Test
  void sharesAreSeparateDirectoriesOnTheHost(Guest guest) {
    guest.writeString("/mnt/attrs/only-here", "attrs");

    assertThat(guest.share("attrs").hostDir().resolve("only-here")).hasContent("attrs");
    assertThat(guest.sharedDir().resolve("only-here")).doesNotExist();
  }

  @Test
  void xattrAndAclSupportReachVirtiofsd(Guest guest) throws IOException {
    Path log = GuestInternals.of(guest).logDir();
    String attrs = Files.readString(log.resolve("virtiofsd-attrs.cmdline"));

    assertThat(attrs).containsAnyOf("--posix-acl", "posix_acl");
    assertThat(attrs).containsAnyOf("--cache=never", "cache=none");
    assertThat(Files.readString(log.resolve("virtiofsd-inputs.cmdline"))).doesNotContain("xattr");
  }

  @Test
  void anUnknownTagIsNamedWithTheTagsThereAre(Guest guest) {
    assertThatThrownBy(() -> guest.share("outputs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No share with tag [outputs]; this guest has [share0, inputs, attrs]");
  }
}
