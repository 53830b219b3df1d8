/**
 * The one seam through which the project's own integration tests and benchmark see internals (GuestInternals, ExtensionInternals); not API.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.testsupport;
