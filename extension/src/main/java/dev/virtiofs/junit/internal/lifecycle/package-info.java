/**
 * One guest's start, in order (GuestStarter), the Guest a test gets (RunningGuest), and who owns each part until the class ends (Resources).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.lifecycle;
