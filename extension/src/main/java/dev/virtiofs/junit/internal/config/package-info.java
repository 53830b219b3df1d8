/**
 * What a class asks for and how the run is configured: Settings (configuration parameters, parsed once), VmSpec and ShareSpec.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.config;
