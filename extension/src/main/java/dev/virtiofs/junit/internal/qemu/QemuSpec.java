package dev.virtiofs.junit.internal.qemu;

import dev.virtiofs.junit.internal.config.Accel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything QEMU's command line is made from.
 *
 * @param binary the QEMU binary
 * @param name the guest's name, shown in process lists
 * @param accel KVM or TCG (never AUTO)
 * @param memoryMiB guest memory
 * @param cpus virtual CPUs
 * @param kernel the guest kernel
 * @param initramfs the guest initramfs
 * @param kernelArguments the kernel command line
 * @param firmware the firmware ({@code -bios}), or empty for QEMU's default
 * @param vhostUserFs the virtio-fs devices: tag to vhost-user socket, in order
 * @param fwCfgFiles files the guest reads from fw_cfg: name to host file
 * @param console where the serial console is written
 * @param qmpSocket the QMP control socket
 * @param network whether the guest gets a NIC with the SSH port forwarded
 * @param execSocket where QEMU serves the exec agent's virtio-serial port, or empty for a guest
 *     without the agent
 * @param snapshot how the guest is laid out for a snapshot, or empty for a guest booted from
 *     scratch
 */
public record QemuSpec(
    QemuBinary binary,
    String name,
    Accel accel,
    int memoryMiB,
    int cpus,
    Path kernel,
    Path initramfs,
    String kernelArguments,
    Optional<Path> firmware,
    Map<String, Path> vhostUserFs,
    Map<String, Path> fwCfgFiles,
    Path console,
    Path qmpSocket,
    boolean network,
    Optional<Path> execSocket,
    Optional<SnapshotLayout> snapshot) {

  /** The guest port the SSH server listens on: {@value}. */
  public static final int GUEST_SSH_PORT = 22;

  /** The name of the exec agent's virtio-serial port, which the agent looks for: {@value}. */
  public static final String EXEC_PORT_NAME = "dev.virtiofs.exec";

  /**
   * The virtio-fs tags in device order.
   *
   * @return the tags
   */
  public List<String> tags() {
    return List.copyOf(vhostUserFs.keySet());
  }
}
