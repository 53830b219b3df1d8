/**
 * The cache directory (CacheDirectory) and what no run used for 14 days goes (CachePruning).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.cache;
