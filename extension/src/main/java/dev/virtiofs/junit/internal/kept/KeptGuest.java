package dev.virtiofs.junit.internal.kept;

import java.nio.file.Path;
import java.util.List;

/**
 * One guest kept running after its class failed, as the registry ({@link KeptGuestRegistry})
 * holds it.
 *
 * @param id its name in the registry
 * @param testClass the class it was booted for
 * @param sshCommand how to log in
 * @param guards the pids of its process guards
 * @param runDir its run directory
 * @param temporaryShares the temporary shares to remove with it
 */
public record KeptGuest(String id, String testClass, String sshCommand, List<Long> guards, Path runDir,
    List<Path> temporaryShares) {}
