package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.ssh.ClientKey;
import dev.virtiofs.junit.internal.ssh.GuestHostKey;
import java.nio.file.Path;
import java.util.Map;

/**
 * The keys made for one guest, and the files in its run directory that carry them and its
 * configuration to the guest over fw_cfg ({@link GuestFiles}).
 *
 * @param hostKey the guest's SSH host key
 * @param clientKey the key the host logs in with
 * @param files the files written, by fw_cfg name
 */
record GuestKeys(GuestHostKey hostKey, ClientKey clientKey, Map<String, Path> files) {

  /**
   * Makes the keys and writes the files.
   *
   * @param plan the guest
   * @return the keys and files
   */
  static GuestKeys write(GuestPlan plan) {
    GuestHostKey hostKey = GuestHostKey.generate();
    ClientKey clientKey = ClientKey.generate();
    Map<String, Path> files = GuestFiles.write(plan.runDir(), hostKey, clientKey, plan.spec().daemonShares(),
        plan.host().settings().debug(), plan.name().isEmpty() ? "guest" : plan.name(), plan.spec().hostUserland(),
        plan.restored());
    return new GuestKeys(hostKey, clientKey, files);
  }
}
