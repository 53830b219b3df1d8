package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import dev.virtiofs.junit.internal.testsupport.ExtensionInternals;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guest is reachable from this host's loopback only, reaches nothing itself, and is pinned. */
@VirtioFsVm(memoryMiB = 256)
class SecurityIT {

  private static Path outside;
  private static final String SECRET = "secret-outside-the-share-" + System.nanoTime();

  @BeforeAll
  static void aSecretNextToTheShare(Guest guest) throws IOException {
    outside = Files.createTempDirectory(guest.sharedDir().getParent(), "virtiofs-outside-");
    Files.writeString(outside.resolve("secret"), SECRET);
  }

  @AfterAll
  static void removeTheSecret() throws IOException {
    Files.deleteIfExists(outside.resolve("secret"));
    Files.deleteIfExists(outside);
  }

  @Test
  void theSshPortListensOnLoopbackOnly(Guest guest) throws IOException {
    int port = GuestInternals.of(guest).sshPort();
    List<InetAddress> others = NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .toList();
    assumeThat(others).as("a non-loopback address on this host").isNotEmpty();

    for (InetAddress address : others) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, port), 2000);
        }
      }).as("connecting to %s:%d", address, port).isInstanceOf(IOException.class);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }

  @Test
  void theGuestCannotReachServicesOnTheHost(Guest guest) throws IOException {
    try (ServerSocket server = new ServerSocket(0)) {
      server.setSoTimeout(3000);
      ExecResult result = guest.exec("echo hello | nc -w 2 10.0.2.2 " + server.getLocalPort()
          + "; echo hello | nc -w 2 10.0.2.2 22; echo hello | nc -w 2 1.1.1.1 80");

      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
      assertThat(result.stdout()).doesNotContain("SSH-");
    }
  }

  @Test
  void aGuestPresentingAnotherHostKeyIsRefused(Guest guest) {
    int port = GuestInternals.of(guest).sshPort();

    assertThatThrownBy(() -> ExtensionInternals.loginWithStrangerKeys(port, Duration.ofSeconds(30)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("Could not verify `ssh-ed25519` host key");
  }

  @Test
  void keysAndSocketsLiveInAPrivateDirectory(Guest guest) throws IOException {
    Path runDir = GuestInternals.of(guest).daemonSocket(0).getParent();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir))).isEqualTo("rwx------");
    assertThat(runDir.resolve("hostkey")).exists();
    assertThat(runDir.resolve("share0.sock")).exists();
    assertThat(String.join(" ", GuestInternals.of(guest).qemuCommandLine())).doesNotContain("ssh-");
  }

  @Test
  void theGuestCannotLeaveTheShareByDotDotOrSymlinks(Guest guest) throws IOException {
    String m = guest.mountPoint();
    Path share = guest.sharedDir();
    String name = outside.getFileName().toString();
    Files.createSymbolicLink(share.resolve("host-absolute"), outside.resolve("secret"));
    Files.createSymbolicLink(share.resolve("host-relative"), Path.of("..", name, "secret"));
    Files.createSymbolicLink(share.resolve("host-dir"), outside);

    ExecResult result = guest.exec(String.join("; ",
        "cat " + m + "/../" + name + "/secret",
        "cat " + m + "/../../tmp/" + name + "/secret",
        "cat " + m + "/host-absolute",
        "cat " + m + "/host-relative",
        "cat " + m + "/host-dir/secret",
        "ln -s " + outside + "/secret " + m + "/guest-absolute; cat " + m + "/guest-absolute",
        "ln -s ../" + name + "/secret " + m + "/guest-relative; cat " + m + "/guest-relative",
        "ln " + m + "/host-absolute " + m + "/guest-hardlink; cat " + m + "/guest-hardlink",
        "mkdir -p /mnt/again && mount -t virtiofs share0 /mnt/again && cat /mnt/again/../" + name + "/secret",
        "grep -rs " + SECRET + " / --exclude-dir=proc --exclude-dir=sys"));

    assertThat(result.stdout()).doesNotContain(SECRET);
    // the host resolves the guest's links on the host side, where they do lead out: code that
    // follows links in a share must take care, as ours does (it never follows them)
    assertThat(Files.readSymbolicLink(share.resolve("guest-absolute"))).isEqualTo(outside.resolve("secret"));
  }
}
