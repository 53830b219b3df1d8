/**
 * What a host needs and how it is checked: the checks behind host/doctor and a class's prerequisite report.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.prerequisites;
