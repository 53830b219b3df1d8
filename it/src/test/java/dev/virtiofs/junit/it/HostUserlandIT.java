package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.Test;

/**
 * hostUserland: the host's root filesystem, read-only under a tmpfs overlay, is the userland of
 * exec and SSH; the guest's kernel, /proc and shares stay its own.
 */
@VirtioFsVm(hostUserland = true)
class HostUserlandIT {

  @Test
  void theHostsToolsRunInTheGuestOnTheGuestsKernel(Guest guest) {
    assertThat(guest.exec("stat --version").stdout()).as("GNU stat, not busybox's").contains("GNU coreutils");
    assertThat(guest.exec("uname -r").stdout()).as("the guest's own kernel, not the host's")
        .startsWith("6.12.").isNotEqualTo(System.getProperty("os.version") + "\n");
    assertThat(guest.exec("cat /proc/1/cmdline").stdout()).as("the guest's own /proc").contains("/init");
  }

  @Test
  void straceAndGetfattrWorkOnTheShare(Guest guest) throws IOException {
    Files.writeString(guest.sharedDir().resolve("traced"), "x");

    ExecResult traced = guest.exec("strace -e trace=openat cat " + guest.mountPoint() + "/traced");
    ExecResult attributes = guest.exec("touch /tmp/f && setfattr -n trusted.k -v v /tmp/f && getfattr -n trusted.k /tmp/f");

    assertThat(traced.stderr()).contains("openat(AT_FDCWD, \"" + guest.mountPoint() + "/traced\", O_RDONLY) = 3");
    assertThat(traced.stdout()).isEqualTo("x");
    assertThat(attributes.stdout()).contains("trusted.k=\"v\"");
  }

  @Test
  void writesToTheHostsFilesStayInTheGuestWhileSharesAreWrittenThrough(Guest guest) throws IOException {
    Path probe = Path.of("/etc/virtiofs-junit-userland-probe");

    ExecResult written = guest.exec("echo guest > " + probe + " && cat " + probe
        + " && echo shared > " + guest.mountPoint() + "/from-userland");

    assertThat(written.stdout()).isEqualTo("guest\n");
    assertThat(probe).doesNotExist();
    assertThat(guest.sharedDir().resolve("from-userland")).hasContent("shared");
  }

  @Test
  void commandsRunAsAnotherUserThere(Guest guest) {
    assertThat(guest.execAs(4321, 4321, "id -u; id -g").stdout()).isEqualTo("4321\n4321\n");
  }

  @Test
  void sshSessionsGetTheHostsUserlandToo(SSHClient ssh) throws IOException {
    try (Session session = ssh.startSession()) {
      Session.Command command = session.exec("stat --version");
      String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      command.join();
      assertThat(out).contains("GNU coreutils");
    }
  }
}
