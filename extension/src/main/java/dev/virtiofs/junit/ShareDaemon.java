package dev.virtiofs.junit;

import java.nio.file.Path;

/**
 * The virtiofsd serving one share of a guest, for tests of what the guest sees when the sharing
 * path fails: crash it, hang it, restart it.
 *
 * <pre>{@code
 * @Test
 * void aRestartedDaemonTakesNewWrites(Guest guest) throws IOException {
 *   ShareDaemon daemon = guest.shareDaemon("share0");
 *   daemon.kill();                      // requests to the share now wait for ever
 *   assertThrows(GuestException.class, () -> guest.exec("ls /mnt/share", Duration.ofSeconds(2)));
 *   daemon.restart();                   // a fresh daemon, mounted again at /mnt/share
 *   guest.exec("echo y > /mnt/share/f");
 *   assertEquals("y\n", Files.readString(guest.sharedDir().resolve("f")));
 * }
 * }</pre>
 *
 * <p>A fault injected here is the test's, not a failure of the guest: {@link Guest#exec} goes on
 * working (the exec agent does not use the shares), an exec with a timeout returns within it
 * whatever the share does, and the extension does not report the daemon as having died. At the end
 * of the class a paused daemon is resumed, and the guest's last {@code sync} leaves out killed
 * shares, so that teardown never waits on a share.
 *
 * <p>There is no way to abort the guest's connection to a dead daemon: Linux gives virtio-fs
 * connections no entry in {@code /sys/fs/fuse/connections} and refuses to force their unmount
 * (unlike FUSE over {@code /dev/fuse}), and QEMU's {@code vhost-user-fs} does not reconnect to a
 * new daemon. A request the guest sent to a killed daemon therefore waits until the guest stops,
 * and the process that made it cannot be killed (state D). What the guest's readers and writers
 * see for each fault and cache mode is measured by the project's {@code ShareFaultsIT} and tabled
 * in the README.
 *
 * @since 0.2.0
 */
public interface ShareDaemon {

  /**
   * The tag of the share this daemon serves.
   *
   * @return the tag
   */
  String tag();

  /**
   * Kills the daemon (and the child its sandbox forked) with {@code SIGKILL}, as a crash would, and
   * waits until it is gone. The guest's mount stays: every request to it then waits for an answer
   * that never comes (see above); {@link #restart()} mounts the share afresh. Does nothing when it
   * is dead already.
   */
  void kill();

  /**
   * Stops the daemon with {@code SIGSTOP}: the guest's requests to the share wait, as they would
   * for a daemon that hangs, until {@link #resume()}.
   *
   * @throws IllegalStateException when the daemon is not running
   */
  void pause();

  /**
   * Lets a paused daemon go on ({@code SIGCONT}): the requests that waited are answered. Does
   * nothing for a daemon that is not paused.
   */
  void resume();

  /**
   * Starts a fresh daemon on the same host directory with the same options, plugs a new device for
   * it into the running guest and mounts it at the same mount point, as a management layer would
   * recover a share. A daemon still running is killed first. The new mount is laid over the old
   * one, which cannot be unmounted while requests to it wait: new paths under the mount point
   * reach the new daemon, while files opened before the restart (and a working directory inside
   * the share) stay on the old connection, whose requests wait for ever. The guest's mount source
   * is the tag with {@code ~} and a number after it. A guest has 8 restarts in all (spare PCIe
   * root ports); one of another image than the project's has none.
   *
   * @throws IllegalStateException when the new daemon does not start, QEMU refuses the device, the
   *     guest does not mount it, or the guest has used its restarts; the message says which
   */
  void restart();

  /**
   * Whether the daemon runs (a paused one runs).
   *
   * @return {@code true} while it runs
   */
  boolean isAlive();

  /**
   * Whether the daemon is paused by {@link #pause()}.
   *
   * @return {@code true} between {@link #pause()} and {@link #resume()}
   */
  boolean isPaused();

  /**
   * The daemon's process id on the host.
   *
   * @return the pid, or -1 once it has ended
   */
  long pid();

  /**
   * The daemon's log file (each restart gets a file of its own).
   *
   * @return the log path on the host
   */
  Path log();
}
