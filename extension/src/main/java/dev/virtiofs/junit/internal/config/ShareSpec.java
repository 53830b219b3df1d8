package dev.virtiofs.junit.internal.config;

import java.nio.file.Path;

/**
 * One directory shared into the guest.
 *
 * @param tag the virtio-fs tag the guest mounts by
 * @param hostDir the absolute host directory, or {@code null} for a fresh temporary one
 * @param mountPoint the absolute guest mount point
 * @param cache the virtiofsd cache mode: {@code auto}, {@code always}, {@code never} or {@code metadata}
 * @param readOnly whether the share is read-only
 * @param xattr whether extended attributes pass through
 * @param posixAcl whether POSIX ACLs are supported
 * @param mountOptions extra guest mount options, or empty
 * @param limits the limits of its host side
 */
public record ShareSpec(
    String tag,
    Path hostDir,
    String mountPoint,
    String cache,
    boolean readOnly,
    boolean xattr,
    boolean posixAcl,
    String mountOptions,
    ShareLimits limits) {

  /**
   * A read-write share with no extra options.
   *
   * @param tag the virtio-fs tag
   * @param hostDir the host directory, or {@code null} for a temporary one
   * @param mountPoint the guest mount point
   * @param cache the cache mode
   * @return the share
   */
  public static ShareSpec plain(String tag, Path hostDir, String mountPoint, String cache) {
    return new ShareSpec(tag, hostDir, mountPoint, cache, false, false, false, "", ShareLimits.NONE);
  }

  /**
   * The same share with these limits.
   *
   * @param newLimits the limits
   * @return the share
   */
  public ShareSpec withLimits(ShareLimits newLimits) {
    return new ShareSpec(tag, hostDir, mountPoint, cache, readOnly, xattr, posixAcl, mountOptions, newLimits);
  }

  /**
   * Tells whether the share is a temporary directory made for the class.
   *
   * @return {@code true} when no host directory was given
   */
  public boolean temporary() {
    return hostDir == null;
  }

  /**
   * The options the guest mounts it with.
   *
   * @return {@code ro} or {@code rw}, then the extra options
   */
  public String guestMountOptions() {
    return (readOnly ? "ro" : "rw") + (mountOptions.isEmpty() ? "" : "," + mountOptions);
  }
}
