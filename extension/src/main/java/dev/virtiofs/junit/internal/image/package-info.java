/**
 * Which kernel and initramfs a guest boots: the guest-image jar unpacked (GuestImage), a kernel of the user's own with its modules (OwnKernelImage, ModuleTree, Cpio).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.image;
