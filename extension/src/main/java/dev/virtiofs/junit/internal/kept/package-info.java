/**
 * Guests kept after a failed class (keepOnFailure): detached (KeptGuests), registered (KeptGuestRegistry), stopped (KeptGuestStop), the command (KeptGuestsCommand).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.kept;
