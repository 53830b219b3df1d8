/**
 * Private directories and trees removed unless kept (Directories, OwnedDirectory), and a tmpfs of a given size on one (TmpfsMount).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.files;
