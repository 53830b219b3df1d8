/**
 * sshj: keys, the pinned host key, the connection on first use.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.ssh;
