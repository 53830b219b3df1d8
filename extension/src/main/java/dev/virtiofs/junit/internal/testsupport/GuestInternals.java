package dev.virtiofs.junit.internal.testsupport;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.internal.lifecycle.PerTestGuest;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the project's own integration tests and benchmark may see inside a {@link Guest}: its
 * directories, ports and processes. Not API: users' tests get the {@link Guest} interface alone.
 * This is the only way the tests reach a guest's internals, so that a change in them shows here
 * and nowhere else.
 */
public final class GuestInternals {

  private final RunningGuest guest;

  private GuestInternals(RunningGuest guest) {
    this.guest = guest;
  }

  /**
   * The internals of a guest the extension injected.
   *
   * @param guest an injected guest
   * @return its internals
   * @throws IllegalArgumentException when the guest is not one the extension made
   */
  public static GuestInternals of(Guest guest) {
    if (guest instanceof RunningGuest running) {
      return new GuestInternals(running);
    }
    if (guest instanceof PerTestGuest perTest) {
      return new GuestInternals(perTest.classGuest());
    }
    throw new IllegalArgumentException("Not a guest of virtiofs-junit: [" + guest
        + "]; pass the Guest the extension injected");
  }

  /**
   * The guest's log directory.
   *
   * @return the directory with the console, QEMU's and virtiofsd's logs
   */
  public Path logDir() {
    return guest.logDir();
  }

  /**
   * The guest's run directory (sockets, keys, the owner file).
   *
   * @return the directory
   */
  public Path runDir() {
    return guest.runDir();
  }

  /**
   * The host port QEMU forwards to the guest's SSH server.
   *
   * @return the port on 127.0.0.1
   */
  public int sshPort() {
    return guest.qemu().sshPort();
  }

  /**
   * QEMU's command line, as started.
   *
   * @return the arguments
   */
  public List<String> qemuCommandLine() {
    return guest.qemu().commandLine();
  }

  /**
   * Whether QEMU still runs.
   *
   * @return true while it runs
   */
  public boolean qemuAlive() {
    return guest.qemu().isAlive();
  }

  /**
   * Whether the virtiofsd of the share at this index still runs.
   *
   * @param share the share's index, 0 for the default share
   * @return true while it runs
   */
  public boolean daemonAlive(int share) {
    return guest.virtiofsds().get(share).isAlive();
  }

  /**
   * The vhost-user socket of the share at this index.
   *
   * @param share the share's index, 0 for the default share
   * @return the socket's path
   */
  public Path daemonSocket(int share) {
    return guest.virtiofsds().get(share).socket();
  }

  /**
   * The log of the virtiofsd of the share at this index.
   *
   * @param share the share's index, 0 for the default share
   * @return its log file
   */
  public Path daemonLog(int share) {
    return guest.virtiofsds().get(share).log();
  }

  /**
   * The guard processes that own QEMU and each virtiofsd (see {@code GuardedProcess}): QEMU's
   * first.
   *
   * @return the guards' handles
   */
  public List<ProcessHandle> guards() {
    return Stream.concat(Stream.of(guest.qemu().process().handle()),
        guest.virtiofsds().stream().map(VirtiofsdProcess::process).map(p -> p.handle())).toList();
  }

  /**
   * The guard of QEMU alone.
   *
   * @return its handle
   */
  public ProcessHandle qemuGuard() {
    return guest.qemu().process().handle();
  }

  /**
   * The processes under the guards (QEMU, virtiofsd and its sandboxed child) whose command line
   * holds this text; the guards' own shells and the tools they exec through are left out.
   *
   * @param commandLinePart text the command line holds, e.g. {@code "virtiofsd"}
   * @return the processes
   */
  public List<ProcessHandle> processes(String commandLinePart) {
    return guards().stream()
        .flatMap(ProcessHandle::descendants)
        .filter(p -> p.info().commandLine().orElse("").contains(commandLinePart))
        // the processes themselves, not the guard's watcher shell, whose command line holds theirs
        .filter(p -> !p.info().command().orElse("").matches(".*/(sh|dash|bash|setsid|setpriv)"))
        .toList();
  }
}
