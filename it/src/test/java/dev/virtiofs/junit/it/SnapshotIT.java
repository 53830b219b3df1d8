package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Guests restored from a snapshot (the default for the project's image) are each their own: the
 * host's clock, their own random state, their own SSH host key, their shares; a snapshot that does
 * not restore is removed and made again, and the class in between fails saying so.
 */
class SnapshotIT {

  static final List<String> SEEN = new ArrayList<>();

  @Test
  void restoredGuestsHaveTheHostsClockAndTheirOwnRandomState() {
    SEEN.clear();
    TestKit.run(ClockAndRandomTestCase.class, OtherClockAndRandomTestCase.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(ClockAndRandomTestCase.class), finishedSuccessfully()))
        .haveExactly(1, event(container(OtherClockAndRandomTestCase.class), finishedSuccessfully()));
    // two guests restored from one snapshot: without the agent's reseed they would draw the same bytes
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void aSnapshotThatDoesNotRestoreIsMadeAgain() throws Exception {
    Set<ProcessHandle> before = FaultsIT.ourProcesses();
    TestKit.run(ShapeTestCase.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(ShapeTestCase.class), finishedSuccessfully()));
    Path snapshot = Path.of(Files.readString(ShapeTestCase.logDir.resolve("snapshot.txt")).strip());
    Files.write(snapshot.resolve("state"), new byte[] {1, 2, 3, 4});

    TestKit.run(ShapeTestCase.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(ShapeTestCase.class), finishedWithFailure(instanceOf(GuestException.class),
            message(m -> m.contains("Could not restore the guest from the snapshot " + snapshot)
                && m.contains("it has been removed, and the next guest makes it again")))));
    assertThat(snapshot).doesNotExist();
    assertThat(FaultsIT.ourProcesses()).isSubsetOf(before);

    TestKit.run(ShapeTestCase.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(ShapeTestCase.class), finishedSuccessfully()));
    assertThat(Files.size(snapshot.resolve("state"))).isGreaterThan(4);
  }

  @Test
  void withoutSnapshotsEveryGuestBoots() {
    TestKit.run(Map.of("virtiofs.snapshots", "false"), BootedTestCase.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(BootedTestCase.class), finishedSuccessfully()));
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by SnapshotIT")
  static class ClockAndRandomTestCase {
    @Test
    void clockIsTheHostsAndRandomIsItsOwn(Guest guest) throws Exception {
      long guestSeconds = Long.parseLong(guest.exec("date +%s").stdout().strip());
      assertThat(guestSeconds).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
      SEEN.add(guest.exec("head -c 16 /dev/urandom | od -An -tx1").stdout().strip());
      assertThat(guest.consoleLog()).content().contains("virtiofs-junit: guest ready after a restore from a snapshot");
      // the SSH host key is this guest's: the pinned verifier accepts nothing else
      assertThat(guest.ssh().isAuthenticated()).isTrue();
      Files.writeString(guest.sharedDir().resolve("from-host"), "hello");
      assertThat(guest.exec("cat " + guest.mountPoint() + "/from-host").stdout()).isEqualTo("hello");
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by SnapshotIT")
  static class OtherClockAndRandomTestCase extends ClockAndRandomTestCase {}

  /** A shape of its own (memory size), so that no other class restores from the snapshot it breaks. */
  @VirtioFsVm(memoryMiB = 272)
  @Disabled("Run by SnapshotIT")
  static class ShapeTestCase {
    static Path logDir;

    @Test
    void runs(Guest guest) throws Exception {
      logDir = guest.consoleLog().getParent();
      assertThat(guest.exec("true").succeeded()).isTrue();
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by SnapshotIT")
  static class BootedTestCase {
    @Test
    void boots(Guest guest) throws Exception {
      assertThat(guest.consoleLog()).content().contains("virtiofs-junit: guest ready after")
          .doesNotContain("restore from a snapshot");
      assertThat(guest.exec("cat /proc/mounts").stdout()).contains("virtiofs");
    }
  }
}
