package dev.virtiofs.junit.internal.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plugs {@code vhost-user-fs} devices into a running guest over QMP: a restored guest's shares into
 * the root ports its snapshot has empty ({@link SnapshotLayout}), and a share served by a restarted
 * virtiofsd into one of the spare root ports every guest of the project's image has ({@link
 * #SPARE_PORTS}), with a socket chardev of its own.
 */
final class SharePlugs {

  /** Root ports each guest of the project's image keeps empty for restarted daemons: {@value}. */
  static final int SPARE_PORTS = 8;

  /** The PCI slot of the spare root ports, a function each: {@value}. */
  static final int SPARE_SLOT = 0x1e;

  private final Qmp qmp;

  SharePlugs(Qmp qmp) {
    this.qmp = qmp;
  }

  /** The id of a spare root port. */
  static String sparePortId(int spare) {
    return "spare" + spare;
  }

  /** The spare root ports, on one multifunction slot, with chassis numbers apart from the shares'. */
  static void addSparePorts(List<String> args) {
    for (int spare = 0; spare < SPARE_PORTS; spare++) {
      args.add("-device");
      args.add(String.format("pcie-root-port,id=%s,chassis=%d,bus=pcie.0,addr=0x%x.%d%s", sparePortId(spare),
          SnapshotLayout.MAX_SHARE_PORTS + 1 + spare, SPARE_SLOT, spare, spare == 0 ? ",multifunction=on" : ""));
    }
  }

  /** Plugs a restored guest's shares in, in order, as the command line would have. */
  void plugShares(List<String> tags) throws IOException {
    int index = 0;
    for (String tag : tags) {
      qmp.deviceAdd(device("fs" + index, SnapshotLayout.portId(index), QemuCommandLine.shareChardevId(index), tag));
      index++;
    }
  }

  /**
   * Connects to a restarted virtiofsd's socket and plugs a device for it into a spare port.
   *
   * @param spare which spare port, 0 to {@link #SPARE_PORTS} - 1
   * @param socket the daemon's socket
   * @param tag the tag the guest mounts it by
   */
  void plugSpare(int spare, Path socket, String tag) throws IOException {
    String chardev = "vfs-spare" + spare;
    Map<String, Object> unix = Map.of("type", "unix", "data", Map.of("path", socket.toString()));
    qmp.execute(QmpCommand.of("chardev-add", Map.of("id", chardev,
        "backend", Map.of("type", "socket", "data", Map.of("addr", unix, "server", false)))));
    qmp.deviceAdd(device("fs-spare" + spare, sparePortId(spare), chardev, tag));
  }

  private static Map<String, Object> device(String id, String bus, String chardev, String tag) {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("driver", "vhost-user-fs-pci");
    device.put("id", id);
    device.put("bus", bus);
    device.put("chardev", chardev);
    device.put("tag", tag);
    device.put("queue-size", QemuCommandLine.VIRTIO_FS_QUEUE_SIZE);
    return device;
  }
}
