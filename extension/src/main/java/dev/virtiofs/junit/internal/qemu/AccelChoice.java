package dev.virtiofs.junit.internal.qemu;

import dev.virtiofs.junit.internal.config.Accel;

/**
 * The accelerator guests run with on this host, and why.
 *
 * @param accel KVM or TCG
 * @param reason why, in a few words, for the one line the extension logs
 */
public record AccelChoice(Accel accel, String reason) {}
