package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * virtiofs.debug=true: virtiofsd logs every request and the guest kernel talks, for each of a
 * class's guests.
 */
class DebugIT {

  static final Map<String, Path> SEEN = new ConcurrentHashMap<>();

  @Test
  void debugTurnsOnVirtiofsdsRequestLogAndTheKernelsMessages() {
    TestKit.run(Map.of("virtiofs.debug", "true"), DebuggedTestCase.class)
        .testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    Path logs = SEEN.get("logDir");
    assertThat(logs.resolve("virtiofsd-share0.log")).content()
        .containsAnyOf("DEBUG", "lo_lookup", "unique:");
    assertThat(logs.resolve("virtiofsd-share0.cmdline")).content().containsAnyOf("--log-level=debug", "log_level=debug");
    // the guest kernel's virtio-fs debug messages (dynamic debug), not only its boot log
    assertThat(logs.resolve("console.log")).content().contains("Linux version", "virtio_fs");
  }

  @Test
  void debugTracesEveryGuestOfAClassSideBySide() {
    TestKit.run(Map.of("virtiofs.debug", "true"), TwoDebuggedGuestsTestCase.class)
        .testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    Path classLogs = SEEN.get("classLogDir");
    for (String guest : new String[] {"guest0", "guest1"}) {
      assertThat(classLogs.resolve(guest).resolve("virtiofsd-share0.log")).as(guest).content()
          .containsAnyOf("DEBUG", "lo_lookup", "unique:");
      assertThat(classLogs.resolve(guest).resolve("console.log")).as(guest).content()
          .contains("Linux version", "virtio_fs");
    }
  }

  @VirtioFsVm(memoryMiB = 256, guests = 2)
  @Disabled("Run by DebugIT")
  static class TwoDebuggedGuestsTestCase {
    @Test
    void touchesTheShareFromBoth(List<Guest> guests) {
      SEEN.put("classLogDir", GuestInternals.of(guests.get(0)).logDir().getParent());
      for (Guest guest : guests) {
        guest.exec("ls " + guest.mountPoint() + " && touch " + guest.mountPoint() + "/" + guest.exec("hostname").stdout().strip());
      }
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by DebugIT")
  static class DebuggedTestCase {
    @Test
    void touchesTheShare(Guest guest) {
      SEEN.put("logDir", GuestInternals.of(guest).logDir());
      guest.exec("ls " + guest.mountPoint() + " && touch " + guest.mountPoint() + "/debugged");
    }
  }
}
