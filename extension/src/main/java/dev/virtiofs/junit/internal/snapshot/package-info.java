/**
 * Snapshots of booted guests, made once per guest shape (GuestSnapshots), and a restored guest's RAM file (GuestMemory).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.snapshot;
