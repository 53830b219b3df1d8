package dev.virtiofs.junit.internal.qemu;

import java.nio.file.Path;

/**
 * How a guest that is snapshotted, or restored from a snapshot, differs from a guest booted from
 * scratch: its RAM is a file in {@code /dev/shm} (a snapshot holds only the devices' state; the
 * RAM is the file, copied), and its shares are plugged in over QMP after the restore, into
 * PCIe root ports that the snapshot has empty (QEMU cannot migrate a {@code vhost-user-fs}
 * device).
 *
 * @param memoryFile the guest's RAM
 * @param sharePorts how many empty root ports the guest has for shares
 * @param incoming whether QEMU waits for a snapshot to restore instead of booting
 */
public record SnapshotLayout(Path memoryFile, int sharePorts, boolean incoming) {

  /** The most shares a snapshotted guest can take, one root port each: {@value}. */
  public static final int MAX_SHARE_PORTS = 14;

  /** The PCI slot of the first root port: {@value} (QEMU gives the other devices the low ones). */
  public static final int FIRST_PORT_SLOT = 0x10;

  /**
   * Checks the numbers.
   *
   * @param memoryFile the guest's RAM
   * @param sharePorts how many empty root ports the guest has for shares
   * @param incoming whether QEMU waits for a snapshot to restore instead of booting
   * @throws IllegalArgumentException when there are more ports than {@link #MAX_SHARE_PORTS}
   */
  public SnapshotLayout {
    if (sharePorts < 0 || sharePorts > MAX_SHARE_PORTS) {
      throw new IllegalArgumentException("A snapshotted guest takes 0 to " + MAX_SHARE_PORTS
          + " shares, not " + sharePorts);
    }
  }

  /**
   * The id of the root port of the share at this index.
   *
   * @param index the share's index
   * @return the QEMU device id
   */
  public static String portId(int index) {
    return "port" + index;
  }
}
