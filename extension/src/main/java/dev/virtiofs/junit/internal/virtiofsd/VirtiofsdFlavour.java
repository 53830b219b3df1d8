package dev.virtiofs.junit.internal.virtiofsd;

/**
 * The two virtiofsd daemons, which take different flags.
 *
 * @since 0.1.0
 */
public enum VirtiofsdFlavour {
  /** The Rust daemon (gitlab.com/virtio-fs/virtiofsd), versions 1.x; prints "virtiofsd 1.13.2". */
  RUST,
  /** The legacy C daemon that QEMU up to 8.0 shipped; prints "virtiofsd version 7.2.x". */
  C
}
