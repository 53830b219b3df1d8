package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moves a file-sharing bug hunt makes all the time, one call each. */
@VirtioFsVm(memoryMiB = 256)
class GuestConveniencesIT {

  @Test
  void runsCommandsAsAnotherUserAndTheShareShowsTheirOwnership(Guest guest) throws IOException {
    String dir = guest.mountPoint() + "/open";
    // the temporary share is private (0700) to root: open a way in for the other user
    guest.exec("chmod 755 " + guest.mountPoint() + " && mkdir " + dir + " && chmod 777 " + dir);

    ExecResult result = guest.execAs(1234, 2345, "id -u; id -g; touch " + dir + "/mine");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("1234\n2345\n");
    Path mine = guest.sharedDir().resolve("open/mine");
    assertThat(Files.getAttribute(mine, "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(mine, "unix:gid")).isEqualTo(2345);
  }

  @Test
  void waitsUntilACommandSucceedsOrSaysWhatItLastSaw(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("settled"), "yes");

    assertThat(guest.waitUntilSucceeds("cat " + guest.mountPoint() + "/settled", Duration.ofSeconds(10)).stdout())
        .isEqualTo("yes");
    assertThatThrownBy(() -> guest.waitUntilSucceeds("echo not yet; exit 3", Duration.ofMillis(500)))
        .isInstanceOf(GuestException.class)
        .hasMessage("[echo not yet; exit 3] did not succeed within 500 ms; last exit status 3, stdout [not yet],"
            + " stderr []");
  }

  @Test
  void readsAndWritesGuestFilesAsText(Guest guest) {
    String path = "/tmp/a file with 'quotes' and ünïcødé";

    guest.writeString(path, "line one\nläne two\n");

    assertThat(guest.readString(path)).isEqualTo("line one\nläne two\n");
    assertThat(guest.exec("wc -l < \"" + path + "\"").stdout().trim()).isEqualTo("2");
    assertThatThrownBy(() -> guest.readString("/no/such/file"))
        .isInstanceOf(GuestException.class)
        .hasMessageStartingWith("Cannot read guest file [/no/such/file]: cat: can't open '/no/such/file'");
  }

  @Test
  void uploadsAndDownloadsBinaryFiles(Guest guest, @TempDir Path dir) throws IOException {
    byte[] content = new byte[5 << 20];
    new Random(42).nextBytes(content);
    Path original = Files.write(dir.resolve("original.bin"), content);

    guest.upload(original, "/tmp/copy.bin");
    guest.download("/tmp/copy.bin", dir.resolve("back.bin"));

    assertThat(guest.exec("stat -c %s /tmp/copy.bin").stdout()).isEqualTo((5 << 20) + "\n");
    assertThat(dir.resolve("back.bin")).hasSameBinaryContentAs(original);
  }

  @Test
  void syncsAndDropsTheGuestCaches(Guest guest) {
    guest.writeString(guest.mountPoint() + "/cached", "x");

    guest.sync();
    guest.dropCaches();

    assertThat(guest.exec("grep -E '^Cached:' /proc/meminfo").exitCode()).isZero();
    assertThat(guest.sharedDir().resolve("cached")).hasContent("x");
  }
}
