package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.internal.exec.ShellWords;

/**
 * The guest's side of a share fault, as shell command lines that touch no share whose daemon may
 * not answer.
 */
final class GuestShareCommands {

  /** The longest virtio-fs tag: {@value} bytes. */
  static final int MAX_TAG = 36;

  private GuestShareCommands() {}

  /**
   * Syncs the file systems of the mount points given, each with {@code syncfs}: a plain {@code sync}
   * would wait for ever on a share whose daemon was killed.
   *
   * @param mountPoints the mount points of the shares that answer
   * @return the command
   */
  static String syncOnly(java.util.List<String> mountPoints) {
    return mountPoints.isEmpty() ? "true"
        : "sync -f " + String.join(" ", mountPoints.stream().map(ShellWords::quote).toList());
  }

  /**
   * Finds a share's new device and mounts it at the mount point, over what is there: the guest
   * probes a device plugged into a root port when it rescans its bus, and the mount is tried for
   * 5 s, until the device has registered its tag.
   *
   * @param tag the new device's tag
   * @param mountPoint the share's mount point
   * @param options the share's mount options
   * @return the command
   */
  static String mount(String tag, String mountPoint, String options) {
    String mount = "mount -t virtiofs -o " + ShellWords.quote(options) + " " + ShellWords.quote(tag) + " "
        + ShellWords.quote(mountPoint);
    return "echo 1 >/sys/bus/pci/rescan; i=0; until " + mount + " 2>/dev/null; do i=$((i + 1));"
        + " if [ $i -ge 50 ]; then " + mount + "; exit 1; fi; sleep 0.1; done";
  }

  /**
   * The tag of a share's device after a restart: the guest keeps the old device (it cannot let go
   * of it while requests to it wait), and virtio-fs refuses a second device with the same tag.
   *
   * @param tag the share's tag
   * @param restart the restart's number among the guest's, from 1
   * @return the tag, at most {@link #MAX_TAG} bytes
   */
  static String restartedTag(String tag, int restart) {
    String suffix = "~" + restart;
    return tag.substring(0, Math.min(tag.length(), MAX_TAG - suffix.length())) + suffix;
  }
}
