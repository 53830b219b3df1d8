/**
 * Guest.start: processes in the guest, numbered, owned by a test or the class, their output as lines or streams.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.guestprocess;
