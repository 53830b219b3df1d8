package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import dev.virtiofs.junit.internal.snapshot.GuestMemory;
import dev.virtiofs.junit.internal.snapshot.GuestSnapshots;
import java.time.Duration;
import java.util.Optional;

/**
 * The snapshot a guest is restored from ({@link GuestSnapshots}) and the copy of its RAM in the
 * guest's run directory.
 *
 * @param snapshot the snapshot
 * @param memory the RAM copy, owned by the guest's resources under {@code memory}
 */
record SnapshotRestore(GuestSnapshots.Snapshot snapshot, GuestMemory memory) {

  /**
   * Obtains the snapshot of a guest that is restored and starts copying its RAM, so that the copy
   * runs while the keys are made and virtiofsd starts.
   *
   * @param plan the guest
   * @param resources takes ownership of the RAM copy
   * @return the snapshot and its RAM copy, or empty for a guest that boots
   */
  static Optional<SnapshotRestore> begin(GuestPlan plan, Resources resources) {
    if (!plan.restored()) {
      return Optional.empty();
    }
    // made once per machine and guest shape; the first guest of a shape pays for it
    GuestSnapshots.Snapshot saved = GuestSnapshots.obtain(plan.qemuSpec(), plan.spec().bootTimeout());
    GuestMemory memory = resources.own("memory", GuestMemory.class,
        () -> GuestMemory.startCopy(saved.memory(), RunDirectory.memoryFile(plan.runDir())));
    return Optional.of(new SnapshotRestore(saved, memory));
  }

  /**
   * Restores the guest into a QEMU started for it, then plugs its shares in. A snapshot that does
   * not restore is removed, so that the next guest makes it again.
   */
  void restoreInto(QemuProcess qemu, ClassLogDirectory logs, Duration timeout) {
    logs.write("snapshot.txt", snapshot.directory() + "\n");
    try {
      qemu.restoreSnapshot(snapshot.state(), timeout);
    } catch (IllegalStateException e) {
      GuestSnapshots.discard(snapshot);
      throw new IllegalStateException("Could not restore the guest from the snapshot " + snapshot.directory()
          + "; it has been removed, and the next guest makes it again (or " + GuestSnapshots.OPT_OUT + "). "
          + e.getMessage(), e);
    }
    memory.close(); // QEMU maps it, and virtiofsd gets its descriptor from QEMU: the name can go
    qemu.plugShares();
  }
}
