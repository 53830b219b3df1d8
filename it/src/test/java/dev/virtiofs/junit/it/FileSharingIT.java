package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestKernels;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Files written, changed and removed on either side are seen on the other. */
@VirtioFsVm
@GuestKernels({"6.12", "6.1"})
class FileSharingIT {

  @Test
  void hostWritesAreSeenInTheGuest(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("from-host.txt"), "written on the host\n");

    ExecResult result = guest.exec("cat " + guest.mountPoint() + "/from-host.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("written on the host\n");
  }

  @Test
  void guestWritesAreSeenOnTheHost(Guest guest) throws IOException {
    ok(guest, "printf 'written in the guest' > " + guest.mountPoint() + "/from-guest.txt");

    assertThat(guest.sharedDir().resolve("from-guest.txt")).hasContent("written in the guest");
  }

  @Test
  void renameDeleteTruncateAndAppendFromTheHost(Guest guest) throws IOException {
    Path dir = Files.createDirectory(guest.sharedDir().resolve("host-ops"));
    String g = guest.mountPoint() + "/host-ops";
    Files.writeString(dir.resolve("a"), "12345");
    Files.move(dir.resolve("a"), dir.resolve("b"));
    eventually(guest, "ls " + g, "b\n");

    Files.writeString(dir.resolve("b"), "67", StandardOpenOption.APPEND);
    eventually(guest, "cat " + g + "/b", "1234567");

    try (var channel = Files.newByteChannel(dir.resolve("b"), StandardOpenOption.WRITE)) {
      channel.truncate(3);
    }
    eventually(guest, "cat " + g + "/b", "123");

    Files.delete(dir.resolve("b"));
    eventually(guest, "ls -A " + g, "");
  }

  /**
   * With cache=auto the guest may serve cached attributes for up to a second (virtiofsd's
   * timeout), so a host-side change is seen within that time, not at once.
   */
  private static void eventually(Guest guest, String command, String expected) {
    await("guest output of [" + command + "]")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(ok(guest, command)).isEqualTo(expected));
  }

  @Test
  void renameDeleteTruncateAndAppendFromTheGuest(Guest guest) {
    Path dir = guest.sharedDir().resolve("guest-ops");
    String g = guest.mountPoint() + "/guest-ops";
    ok(guest, "mkdir " + g + " && printf 12345 > " + g + "/a && mv " + g + "/a " + g + "/b");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).hasContent("12345");

    ok(guest, "printf 67 >> " + g + "/b");
    assertThat(dir.resolve("b")).hasContent("1234567");

    ok(guest, "truncate -s 3 " + g + "/b");
    assertThat(dir.resolve("b")).hasContent("123");

    ok(guest, "rm " + g + "/b");
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void modeBitsAndOwnershipAgree(Guest guest) throws IOException {
    Path file = Files.writeString(guest.sharedDir().resolve("mode-from-host"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(ok(guest, "stat -c '%a %u %g' " + guest.mountPoint() + "/mode-from-host"))
        .isEqualTo("750 " + uid(file) + " " + gid(file) + "\n");

    ok(guest, "touch " + guest.mountPoint() + "/mode-from-guest && chmod 640 "
        + guest.mountPoint() + "/mode-from-guest && chown 1234:2345 "
        + guest.mountPoint() + "/mode-from-guest");
    Path fromGuest = guest.sharedDir().resolve("mode-from-guest");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fromGuest)))
        .isEqualTo("rw-r-----");
    assertThat(uid(fromGuest)).isEqualTo(1234);
    assertThat(gid(fromGuest)).isEqualTo(2345);
  }

  @Test
  void symlinksAndHardLinksAgree(Guest guest) throws IOException {
    Path dir = Files.createDirectory(guest.sharedDir().resolve("links"));
    String g = guest.mountPoint() + "/links";
    Files.writeString(dir.resolve("target"), "linked");
    Files.createSymbolicLink(dir.resolve("host-symlink"), Path.of("target"));
    Files.createLink(dir.resolve("host-hardlink"), dir.resolve("target"));

    assertThat(ok(guest, "readlink " + g + "/host-symlink")).isEqualTo("target\n");
    assertThat(ok(guest, "cat " + g + "/host-symlink")).isEqualTo("linked");
    assertThat(ok(guest, "stat -c %h " + g + "/host-hardlink")).isEqualTo("2\n");

    ok(guest, "ln -s target " + g + "/guest-symlink && ln " + g + "/target " + g + "/guest-hardlink");
    assertThat(Files.readSymbolicLink(dir.resolve("guest-symlink"))).isEqualTo(Path.of("target"));
    assertThat(Files.getAttribute(dir.resolve("target"), "unix:nlink")).isEqualTo(3);
    assertThat(Files.isSameFile(dir.resolve("guest-hardlink"), dir.resolve("target"))).isTrue();
  }

  @Test
  void aLargeFileHasTheSameChecksumOnBothSides(Guest guest) throws Exception {
    ok(guest, "dd if=/dev/urandom of=" + guest.mountPoint() + "/large bs=1M count=100 2>/dev/null",
        Duration.ofMinutes(5));
    String inGuest = ok(guest, "sha256sum " + guest.mountPoint() + "/large", Duration.ofMinutes(5))
        .split(" ")[0];

    assertThat(Files.size(guest.sharedDir().resolve("large"))).isEqualTo(100L << 20);
    assertThat(sha256(guest.sharedDir().resolve("large"))).isEqualTo(inGuest);
  }

  private static String ok(Guest guest, String command) {
    return ok(guest, command, Duration.ofSeconds(60));
  }

  private static String ok(Guest guest, String command, Duration timeout) {
    ExecResult result = guest.exec(command, timeout);
    assertThat(result.exitCode()).as("exit status of [%s], stderr: %s", command, result.stderr()).isZero();
    return result.stdout();
  }

  private static int uid(Path file) throws IOException {
    return (Integer) Files.getAttribute(file, "unix:uid");
  }

  private static int gid(Path file) throws IOException {
    return (Integer) Files.getAttribute(file, "unix:gid");
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

}
