/**
 * When a started guest is ready (GuestReadiness), and which of its processes died when it never gets there (DeadProcess).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.readiness;
