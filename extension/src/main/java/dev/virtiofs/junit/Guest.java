package dev.virtiofs.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.schmizz.sshj.SSHClient;

/**
 * A running guest, booted by {@link VirtioFsVm} for a test class: its shared directories, the
 * commands it runs, an SSH connection to it and its console log.
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
 * <p>A {@code Guest} is safe to use from several threads: commands run through the guest's exec
 * agent (a virtio-serial port, a few milliseconds per command), any number at once; guests of
 * other images run them over SSH, a session each. It stays valid until its test class ends.
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
   * Every directory shared into the guest: first the one {@link VirtioFsVm} describes (tag {@code
   * share0}), then those of {@link Share} annotations, in order.
   *
   * @return the shares
   */
  List<SharedDirectory> shares();

  /**
   * One shared directory, by tag.
   *
   * @param tag the tag given in {@link Share#tag()}, or {@code share0} for the default share
   * @return the share
   * @throws IllegalArgumentException naming the tags there are, when there is no such share
   */
  SharedDirectory share(String tag);

  /**
   * The virtiofsd serving one share, to inject faults into the sharing path: kill it, pause it,
   * restart it, abort the guest's connection to it.
   *
   * @param tag the share's tag ({@code share0} for the default share)
   * @return the share's daemon, the same handle for every call
   * @throws IllegalArgumentException naming the tags there are, when there is no such share
   * @since 0.2.0
   */
  ShareDaemon shareDaemon(String tag);

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
   * that overruns is killed (with its process group) through the exec agent; over SSH, for other
   * images, it is let go of and may run on in the guest.
   *
   * @param command a shell command line
   * @param timeout how long to wait for the command to end
   * @return its exit status and output
   * @throws GuestException if the command could not be run or did not end in time, or the guest
   *     died
   */
  ExecResult exec(String command, Duration timeout);

  /**
   * Runs a command in the guest as root, feeding it standard input, with the default timeout: its
   * stdin holds these bytes, then ends, so {@code cat}, {@code sort} or {@code sha256sum} read them
   * whole.
   *
   * @param command a shell command line
   * @param stdin what the command reads
   * @return its exit status and output
   * @throws GuestException as {@link #exec(String)} does
   */
  ExecResult exec(String command, byte[] stdin);

  /**
   * Starts a command in the guest as root through {@code /bin/sh -c} and returns at once, the
   * command running while the test talks to it: streaming stdin and output, exit status, signals
   * (see {@link GuestProcess}). Close it when done; one still running at the end of the test that
   * started it (or of the class, from {@code @BeforeAll}) is killed and reported.
   *
   * @param command a shell command line
   * @return the running command
   * @throws GuestException when it cannot be started, or this guest has no exec agent (another
   *     image, reached over SSH)
   */
  GuestProcess start(String command);

  /**
   * A port on the host's 127.0.0.1 (never another address) that reaches a TCP port of the guest,
   * for as many connections as the test makes: {@code http://127.0.0.1:<hostPort(8080)>/}. It is
   * opened on the first call, the same for later calls, and closed with the guest. The forward
   * arrives at the guest's 10.0.2.15: a server bound to 127.0.0.1 only in the guest cannot be
   * reached (bind it to 0.0.0.0; {@link #waitForPort} says so).
   *
   * @param guestPort the guest's TCP port, 1 to 65535
   * @return the host port
   * @throws IllegalArgumentException when the port is out of range
   * @throws GuestException when QEMU does not open the forward
   */
  int hostPort(int guestPort);

  /**
   * Waits until something listens on a TCP port of the guest (as its kernel's {@code
   * /proc/net/tcp} shows; no connection is made).
   *
   * @param guestPort the guest's TCP port
   * @param timeout how long to wait
   * @throws GuestException when nothing listens in time, or only on a loopback address
   */
  void waitForPort(int guestPort, Duration timeout);

  /**
   * Runs a command in the guest as another user and group, through {@code /bin/sh -c}, with the
   * default timeout: ownership on the share depends on who writes.
   *
   * @param uid the user id to run as
   * @param gid the group id to run as (supplementary groups are cleared)
   * @param command a shell command line
   * @return its exit status and output
   * @throws GuestException as {@link #exec(String)} does
   */
  ExecResult execAs(int uid, int gid, String command);

  /**
   * Runs a command again and again until it succeeds (exit status 0): for conditions that take a
   * while to settle, such as a host-side change reaching a cached guest.
   *
   * @param command a shell command line
   * @param timeout how long to keep trying
   * @return the first successful result
   * @throws GuestException when it has not succeeded in time; the message holds its last output
   */
  ExecResult waitUntilSucceeds(String command, Duration timeout);

  /**
   * Reads a guest file as UTF-8 text.
   *
   * @param guestPath an absolute guest path
   * @return its content
   * @throws GuestException when it cannot be read
   */
  String readString(String guestPath);

  /**
   * Writes UTF-8 text to a guest file, replacing it.
   *
   * @param guestPath an absolute guest path
   * @param text the content
   * @throws GuestException when it cannot be written
   */
  void writeString(String guestPath, String text);

  /**
   * Copies a host file into the guest, replacing the guest file.
   *
   * @param hostFile the host file
   * @param guestPath an absolute guest path
   * @throws GuestException when it cannot be copied
   */
  void upload(Path hostFile, String guestPath);

  /**
   * Copies a guest file to the host, replacing the host file.
   *
   * @param guestPath an absolute guest path
   * @param hostFile the host file
   * @throws GuestException when it cannot be copied
   */
  void download(String guestPath, Path hostFile);

  /**
   * Flushes the guest's writes ({@code sync}): call it before asserting on the host what the guest
   * wrote through a cache, such as mmap-ed pages.
   *
   * @throws GuestException when the guest cannot be reached
   */
  void sync();

  /**
   * Syncs, then drops the guest's page, dentry and inode caches, so that the next reads go to
   * virtiofsd.
   *
   * @throws GuestException when the guest cannot be reached
   */
  void dropCaches();

  /**
   * The SSH connection to the guest, connected and authenticated as root on the first call. Do
   * not close it: the extension does after the class.
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
