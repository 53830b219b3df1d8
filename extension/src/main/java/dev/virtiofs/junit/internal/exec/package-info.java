/**
 * The exec agent's channel: framed requests over virtio-serial (ExecChannel, FrameType, Frames).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.exec;
