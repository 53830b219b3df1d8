/**
 * Host processes (beside guestprocess, the guest's): GuardedProcess, one process and its group, ended when the JVM goes, even by SIGKILL.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.hostprocess;
