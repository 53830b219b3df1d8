/**
 * The image's kernel lines and a @GuestKernels list (KernelLines, KernelMatrix), and the fix logged on a JUnit too old for it.
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.kernel;
