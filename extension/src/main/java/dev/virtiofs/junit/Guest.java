package dev.virtiofs.junit;

import java.nio.file.Path;
import java.time.Duration;
import net.schmizz.sshj.SSHClient;

/**
 * A running guest, booted by {@link VirtioFsVm} for a test class: its shared directory, an SSH
 * connection to it and its console log.
 *
 * <pre>{@code
 * @Test
 * void guestWritesReachTheHost(Guest guest) {
 *   ExecResult result = guest.exec("echo hi > " + guest.mountPoint() + "/from-guest");
 *   assertEquals(0, result.exitCode(), result.stderr());
 *   assertTrue(Files.exists(guest.sharedDir().resolve("from-guest")));
 * }
 * }</pre>
 *
 * <p>A {@code Guest} is safe to use from several threads: each {@code exec} opens its own
 * session on the one SSH connection. It stays valid until its test class ends.
 *
 * @since 0.1.0
 */
public interface Guest {

  /**
   * The shared directory, as seen on the host.
   *
   * @return the absolute host path of the share
   */
  Path sharedDir();

  /**
   * Where the share is mounted in the guest.
   *
   * @return the absolute guest path of the share
   */
  String mountPoint();

  /**
   * Runs a command in the guest as root through {@code /bin/sh -c}, with the default timeout
   * (configuration parameter {@code virtiofs.execTimeoutSeconds}, 120 s unless set).
   *
   * @param command a shell command line
   * @return its exit status and output
   * @throws GuestException if the command could not be run or did not end in time, or the guest
   *     died; the message then shows the console tail
   */
  ExecResult exec(String command);

  /**
   * Runs a command in the guest as root, waiting at most {@code timeout} for it to end. A command
   * that overruns is let go of (its SSH channel closed) and may run on in the guest.
   *
   * @param command a shell command line
   * @param timeout how long to wait for the command to end
   * @return its exit status and output
   * @throws GuestException if the command could not be run or did not end in time, or the guest
   *     died
   */
  ExecResult exec(String command, Duration timeout);

  /**
   * The SSH connection to the guest, connected and authenticated as root. Do not close it: the
   * extension does after the class.
   *
   * @return the guest's SSH client
   */
  SSHClient ssh();

  /**
   * The file that captures the guest's serial console.
   *
   * @return the console log path on the host
   */
  Path consoleLog();
}
