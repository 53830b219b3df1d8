/**
 * Booting the next classes' guests while a class runs: BootAhead, and the run's class order (ClassOrderListener, UpcomingClasses).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.ahead;
