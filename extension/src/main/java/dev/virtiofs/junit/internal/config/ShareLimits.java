package dev.virtiofs.junit.internal.config;

/**
 * Limits of one share's host side, for tests of what the guest sees when they are reached.
 *
 * @param sizeLimitMiB the size of the tmpfs the temporary share is made on, in MiB, or 0 for none
 * @param openFileLimit virtiofsd's {@code RLIMIT_NOFILE}, or 0 for the daemon's own
 */
public record ShareLimits(int sizeLimitMiB, int openFileLimit) {

  /** No limits of ours. */
  public static final ShareLimits NONE = new ShareLimits(0, 0);

  /** The smallest open-file limit taken: {@value} (virtiofsd needs a few descriptors itself). */
  public static final int MIN_OPEN_FILES = 16;

  /** The largest open-file limit taken: {@value} (the kernel's default {@code nr_open}). */
  public static final int MAX_OPEN_FILES = 1 << 20;

  /** The largest size limit taken, in MiB: {@value} (1 TiB). */
  public static final int MAX_SIZE_MIB = 1 << 20;

  /**
   * Validates the limits of a share.
   *
   * @param where the annotation, named in messages
   * @param sizeAttribute the name of the size attribute
   * @param sizeLimitMiB its value
   * @param filesAttribute the name of the open-file attribute
   * @param openFileLimit its value
   * @param temporary whether the share is a temporary directory
   * @return the limits
   * @throws IllegalArgumentException naming the attribute, the value and the fix
   */
  static ShareLimits of(String where, String sizeAttribute, int sizeLimitMiB, String filesAttribute,
      int openFileLimit, boolean temporary) {
    if (sizeLimitMiB < 0 || sizeLimitMiB > MAX_SIZE_MIB) {
      throw invalid(where, sizeAttribute, sizeLimitMiB, "use 0 for no limit, or 1 to " + MAX_SIZE_MIB + " MiB");
    }
    if (sizeLimitMiB > 0 && !temporary) {
      throw invalid(where, sizeAttribute, sizeLimitMiB, "a size limit makes the temporary share a tmpfs of"
          + " that size, and this share has a host directory of its own; leave the directory empty, or"
          + " the limit 0");
    }
    if (openFileLimit != 0 && (openFileLimit < MIN_OPEN_FILES || openFileLimit > MAX_OPEN_FILES)) {
      throw invalid(where, filesAttribute, openFileLimit, "use 0 for the daemon's own limit, or "
          + MIN_OPEN_FILES + " to " + MAX_OPEN_FILES + " (virtiofsd needs a few descriptors itself)");
    }
    return new ShareLimits(sizeLimitMiB, openFileLimit);
  }

  private static IllegalArgumentException invalid(String where, String attribute, int value, String fix) {
    return new IllegalArgumentException(
        String.format("%s: attribute %s has value [%d]; %s", where, attribute, value, fix));
  }
}
