package dev.virtiofs.junit.config;

import java.nio.file.Path;

/**
 * One directory shared into the guest.
 *
 * @param tag the virtio-fs tag the guest mounts by
 * @param hostDir the absolute host directory, or {@code null} for a fresh temporary one
 * @param mountPoint the absolute guest mount point
 * @param cache the virtiofsd cache mode: {@code auto}, {@code always} or {@code never}
 */
public record ShareSpec(String tag, Path hostDir, String mountPoint, String cache) {

  /**
   * Tells whether the share is a temporary directory made for the class.
   *
   * @return {@code true} when no host directory was given
   */
  public boolean temporary() {
    return hostDir == null;
  }
}
