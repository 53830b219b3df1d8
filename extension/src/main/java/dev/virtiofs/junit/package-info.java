/**
 * virtiofs-junit's API: annotate a test class with {@link dev.virtiofs.junit.VirtioFsVm} and it
 * gets a QEMU guest that mounts a host directory over virtio-fs, a {@link dev.virtiofs.junit.Guest}
 * to run commands and processes in it, and an sshj {@code SSHClient}; more shares with {@link
 * dev.virtiofs.junit.Share}, a run per guest kernel with {@link dev.virtiofs.junit.GuestKernels}.
 *
 * <p>This package is the whole API: the module {@code dev.virtiofs.junit} exports it alone.
 * Everything under {@code dev.virtiofs.junit.internal} is the extension's own.
 *
 * @since 0.1.0
 */
package dev.virtiofs.junit;
