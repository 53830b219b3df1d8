package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Guest and SSHClient reach parameters and fields, static and instance, and @Nested classes. */
@VirtioFsVm(memoryMiB = 256)
class InjectionIT {

  static Guest staticGuest;
  static SSHClient staticSsh;
  static Guest fromBeforeAll;

  Guest instanceGuest;
  private SSHClient instanceSsh;
  Guest fromBeforeEach;

  @BeforeAll
  static void beforeAll(Guest guest) {
    fromBeforeAll = guest;
  }

  @BeforeEach
  void beforeEach(Guest guest) {
    fromBeforeEach = guest;
  }

  @Test
  void everyInjectionPointGetsTheSameGuest(Guest guest, SSHClient ssh) {
    assertThat(staticGuest).isSameAs(guest);
    assertThat(instanceGuest).isSameAs(guest);
    assertThat(fromBeforeAll).isSameAs(guest);
    assertThat(fromBeforeEach).isSameAs(guest);
    assertThat(staticSsh).isSameAs(ssh).isSameAs(guest.ssh());
    assertThat(instanceSsh).isSameAs(ssh);
  }

  @Test
  void theSshClientIsConnectedAndAuthenticatedAsRoot(SSHClient ssh) throws IOException {
    assertThat(ssh.isConnected()).isTrue();
    assertThat(ssh.isAuthenticated()).isTrue();
    try (Session session = ssh.startSession();
        Session.Command command = session.exec("id -u");
        InputStream out = command.getInputStream()) {
      assertThat(new String(out.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0\n");
    }
  }

  @Test
  void theGuestHasTheMemoryTheAnnotationAskedFor(Guest guest) {
    long totalKiB =
        Long.parseLong(guest.exec("awk '/MemTotal/{print $2}' /proc/meminfo").stdout().trim());

    assertThat(totalKiB).isBetween(150_000L, 256L * 1024);
  }

  @Test
  void theConsoleLogIsKept(Guest guest) {
    assertThat(guest.consoleLog()).content().contains("virtiofs-junit: guest ready");
  }

  @Nested
  class NestedTests {

    Guest nestedGuest;

    @Test
    void nestedClassesShareTheEnclosingGuest(Guest guest) {
      assertThat(guest).isSameAs(staticGuest);
      assertThat(nestedGuest).isSameAs(staticGuest);
      assertThat(instanceGuest).isSameAs(staticGuest);
    }
  }
}
