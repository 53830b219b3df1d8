/**
 * The host found once per run: QEMU, virtiofsd, the image and the accelerator (HostEnvironment).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.host;
