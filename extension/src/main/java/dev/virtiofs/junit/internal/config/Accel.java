package dev.virtiofs.junit.internal.config;

/**
 * Which accelerator QEMU runs the guest with.
 *
 * @since 0.1.0
 */
public enum Accel {
  /** KVM when it really boots a guest on this host, else TCG. */
  AUTO,
  /** KVM only; the class fails when KVM does not work. */
  KVM,
  /** TCG, QEMU's software emulation: slower, but works everywhere. */
  TCG;

  /**
   * The name QEMU's {@code -accel} option takes.
   *
   * @return {@code kvm} or {@code tcg}
   * @throws IllegalStateException for {@link #AUTO}, which must be resolved first
   */
  public String qemuName() {
    if (this == AUTO) {
      throw new IllegalStateException("resolve AUTO to KVM or TCG first");
    }
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
