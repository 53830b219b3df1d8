package dev.virtiofs.junit.exec;

/**
 * A command's exit status and raw output.
 *
 * @param exitCode the exit status (128 + signal when killed), -1 when the guest sent none
 * @param stdout standard output
 * @param stderr standard error
 */
public record RawResult(int exitCode, byte[] stdout, byte[] stderr) {}
