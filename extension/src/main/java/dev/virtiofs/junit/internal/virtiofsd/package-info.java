/**
 * virtiofsd: binary, flavour (Rust or C), command line, process.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.virtiofsd;
