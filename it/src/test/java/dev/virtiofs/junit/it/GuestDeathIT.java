package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A guest that dies mid-class makes the following tests fail fast, saying so, not hang. */
@VirtioFsVm(memoryMiB = 256)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestDeathIT {

  @Test
  @Order(1)
  void execTimesOutWithTheCommandAndTheConsoleTail(Guest guest) {
    assertThatThrownBy(() -> guest.exec("sleep 30", Duration.ofMillis(500)))
        .isInstanceOf(GuestException.class)
        .hasMessageStartingWith("Command [sleep 30] did not end within 500 ms")
        .hasMessageContaining("Last 30 lines of the guest console");
    assertThat(guest.exec("echo still usable").stdout()).isEqualTo("still usable\n");
  }

  @Test
  @Order(2)
  void aKilledQemuIsReportedAsAGuestThatDied(Guest guest) {
    ProcessHandle qemu = GuestInternals.of(guest).qemuGuard().descendants()
        .filter(p -> p.info().command().orElse("").contains("qemu-system"))
        .findFirst().orElseThrow();
    qemu.destroyForcibly();
    await("QEMU gone").atMost(Duration.ofSeconds(10)).until(() -> !GuestInternals.of(guest).qemuAlive());

    assertThatThrownBy(() -> guest.exec("true"))
        .isInstanceOf(GuestException.class)
        .hasMessageStartingWith("Cannot run [true]: the guest died. QEMU exited with status 137")
        .hasMessageContaining("Last 30 lines of the guest console");
  }
}
