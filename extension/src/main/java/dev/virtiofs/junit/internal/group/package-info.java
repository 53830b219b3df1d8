/**
 * A class's several guests (guests = N) on the same directories, started at once (GuestGroup).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.group;
