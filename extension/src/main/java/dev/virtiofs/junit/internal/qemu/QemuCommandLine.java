package dev.virtiofs.junit.internal.qemu;

import dev.virtiofs.junit.internal.config.Accel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds QEMU's command line from a {@link QemuSpec}.
 *
 * <p>The shape: a q35 machine with nothing QEMU would add by default; guest RAM in a shared memfd
 * (virtiofsd maps it) bound to a NUMA node; direct kernel boot (PVH when the kernel is an ELF
 * {@code vmlinux}, which skips decompression) through qboot when installed; one {@code
 * vhost-user-fs-pci} per share, with a 1024-entry queue; user-mode networking restricted to the
 * guest, with only the SSH port forwarded, from 127.0.0.1 and a port the host kernel picks (port
 * 0), read back over QMP; a virtio-rng fed from the host's {@code /dev/urandom}; the exec agent's
 * virtio-serial port served on a Unix socket in the run directory; the serial console written to
 * a file; per-VM keys and configuration passed through fw_cfg files, never the command line.
 *
 * <p>A guest that is snapshotted or restored ({@link SnapshotLayout}) has its RAM in a file, empty
 * PCIe root ports where its shares are plugged in later, and, when restored, waits for the
 * snapshot ({@code -incoming defer}).
 */
public final class QemuCommandLine {

  /** Entries of each virtio-fs queue: {@value}. */
  static final int VIRTIO_FS_QUEUE_SIZE = 1024;

  private QemuCommandLine() {}

  /** The id of the vhost-user socket of the share at this index. */
  static String shareChardevId(int index) {
    return "vfs" + index;
  }

  /**
   * The command line.
   *
   * @param spec what to run
   * @return the command line
   */
  public static List<String> of(QemuSpec spec) {
    List<String> args = new ArrayList<>();
    args.add(spec.binary().path().toString());
    machine(args, spec);
    kernel(args, spec);
    shares(args, spec);
    devices(args, spec);
    fwCfgAndExec(args, spec);
    spec.snapshot().ifPresent(layout -> snapshot(args, layout));
    add(args, "-chardev", "file,id=console,path=" + escape(spec.console()));
    add(args, "-serial", "chardev:console");
    add(args, "-qmp", "unix:" + escape(spec.qmpSocket()) + ",server=on,wait=off");
    return List.copyOf(args);
  }

  /** The machine, its CPUs and RAM, and none of what QEMU would add by default. */
  private static void machine(List<String> args, QemuSpec spec) {
    add(args, "-name", "virtiofs-junit:" + escape(spec.name()));
    add(args, "-machine", "q35");
    add(args, "-accel", spec.accel().qemuName());
    if (spec.accel() == Accel.KVM) {
      add(args, "-cpu", "host");
    }
    add(args, "-m", spec.memoryMiB() + "M");
    add(args, "-smp", Integer.toString(spec.cpus()));
    // shared: virtiofsd maps the guest's RAM; a file when snapshotting, so that the RAM is the file
    add(args, "-object", spec.snapshot()
        .map(layout -> "memory-backend-file,id=mem,size=" + spec.memoryMiB() + "M,share=on,mem-path="
            + escape(layout.memoryFile()))
        .orElse("memory-backend-memfd,id=mem,size=" + spec.memoryMiB() + "M,share=on"));
    add(args, "-numa", "node,memdev=mem");
    args.add("-nodefaults");
    args.add("-no-user-config");
    args.add("-no-reboot");
    add(args, "-display", "none");
  }

  /** Direct kernel boot, through the firmware when there is one. */
  private static void kernel(List<String> args, QemuSpec spec) {
    spec.firmware().ifPresent(firmware -> add(args, "-bios", escape(firmware)));
    add(args, "-kernel", spec.kernel().toString());
    add(args, "-initrd", spec.initramfs().toString());
    add(args, "-append", spec.kernelArguments());
  }

  /** Each share's vhost-user socket, and its device unless it is plugged in later. */
  private static void shares(List<String> args, QemuSpec spec) {
    int index = 0;
    for (Map.Entry<String, Path> share : spec.vhostUserFs().entrySet()) {
      String id = shareChardevId(index++);
      add(args, "-chardev", "socket,id=" + id + ",path=" + escape(share.getValue()));
      if (spec.snapshot().isPresent()) {
        continue; // plugged in over QMP once the guest is restored (QemuProcess.plugShares)
      }
      // a deep queue lets the guest send requests of up to 1 MiB instead of about 500 KiB:
      // sequential reads 1.7x (cache=auto) to 2.5x (cache=never) faster under TCG
      add(args, "-device", "vhost-user-fs-pci,queue-size=" + VIRTIO_FS_QUEUE_SIZE + ",chardev=" + id
          + ",tag=" + share.getKey());
    }
  }

  /** The NIC, if any, and the random number generator. */
  private static void devices(List<String> args, QemuSpec spec) {
    if (spec.network()) {
      add(
          args,
          "-netdev",
          "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:0-:" + QemuSpec.GUEST_SSH_PORT);
      add(args, "-device", "virtio-net-pci,netdev=net0,romfile=");
    }
    // Host entropy for the guest: without it, dropbear's first login waits >1 s under TCG for the
    // kernel's random pool to be initialised.
    add(args, "-object", "rng-random,id=rng0,filename=/dev/urandom");
    add(args, "-device", "virtio-rng-pci,rng=rng0,romfile=");
  }

  /** The files the guest reads from fw_cfg, and the exec agent's port. */
  private static void fwCfgAndExec(List<String> args, QemuSpec spec) {
    for (Map.Entry<String, Path> file : spec.fwCfgFiles().entrySet()) {
      add(args, "-fw_cfg", "name=" + file.getKey() + ",file=" + escape(file.getValue()));
    }
    spec.execSocket().ifPresent(socket -> {
      add(args, "-chardev", "socket,id=exec,server=on,wait=off,path=" + escape(socket));
      add(args, "-device", "virtio-serial-pci,id=serial0");
      add(args, "-device", "virtserialport,bus=serial0.0,chardev=exec,name=" + QemuSpec.EXEC_PORT_NAME);
      // a guest the exec agent runs in can mount a share again: its restarted daemon comes here
      SharePlugs.addSparePorts(args);
    });
  }

  /** The empty root ports the shares are plugged into, and waiting for the snapshot. */
  private static void snapshot(List<String> args, SnapshotLayout layout) {
    for (int port = 0; port < layout.sharePorts(); port++) {
      add(args, "-device", String.format("pcie-root-port,id=%s,chassis=%d,bus=pcie.0,addr=0x%x",
          SnapshotLayout.portId(port), port + 1, SnapshotLayout.FIRST_PORT_SLOT + port));
    }
    if (layout.incoming()) {
      add(args, "-incoming", "defer");
    }
  }

  /** QEMU option values separate on commas; a literal comma is written twice. */
  static String escape(Object value) {
    return value.toString().replace(",", ",,");
  }

  private static void add(List<String> args, String option, String value) {
    args.add(option);
    args.add(value);
  }
}
