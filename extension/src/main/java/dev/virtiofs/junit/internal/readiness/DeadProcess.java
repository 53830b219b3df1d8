package dev.virtiofs.junit.internal.readiness;

import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which process of a guest has died: QEMU, or a virtiofsd. virtiofsd also ends when QEMU does, so
 * a dead virtiofsd is blamed only if QEMU does not follow it within {@link #QEMU_GRACE}.
 *
 * @param daemon the dead virtiofsd, or {@code null} when QEMU is the one that died
 */
public record DeadProcess(VirtiofsdProcess daemon) {

  static final Duration QEMU_GRACE = Duration.ofSeconds(1);

  /**
   * Finds the dead process of a guest, if any.
   *
   * @param qemu the guest's QEMU
   * @param daemons its virtiofsds
   * @return the dead one, if any
   */
  public static Optional<DeadProcess> find(QemuProcess qemu, List<VirtiofsdProcess> daemons) {
    VirtiofsdProcess dead = daemons.stream().filter(d -> !d.isAlive()).findFirst().orElse(null);
    if (!qemu.isAlive() || (dead != null && qemu.process().awaitExit(QEMU_GRACE))) {
      return Optional.of(new DeadProcess(null));
    }
    return Optional.ofNullable(dead).map(DeadProcess::new);
  }

  /**
   * Whether QEMU is the one that died.
   *
   * @return true when QEMU died
   */
  public boolean isQemu() {
    return daemon == null;
  }
}
