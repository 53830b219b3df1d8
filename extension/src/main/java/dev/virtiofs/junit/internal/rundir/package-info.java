/**
 * The rules of a guest's run directory, in one leaf (RunDirectory), and the sweep of what killed JVMs left (LeftoverSweep).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.rundir;
