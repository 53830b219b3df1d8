/**
 * QEMU: binary, accelerator, command line (QemuCommandLine, SnapshotLayout), process, and QMP on Gson.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.qemu;
