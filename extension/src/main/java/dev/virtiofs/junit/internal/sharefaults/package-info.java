/**
 * Faults in the sharing path, injected by tests: each share's daemon as a {@link
 * dev.virtiofs.junit.ShareDaemon} (ShareDaemonHandle) that kills, pauses and restarts it; which
 * daemons a guest is watched by, and its last sync (ServedShares); the guest-side commands
 * (GuestShareCommands). A share's size limit is a tmpfs (files.TmpfsMount).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.sharefaults;
