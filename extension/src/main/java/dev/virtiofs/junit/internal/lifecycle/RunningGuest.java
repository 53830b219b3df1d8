package dev.virtiofs.junit.internal.lifecycle;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.ShareDaemon;
import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.guestprocess.GuestProcesses;
import dev.virtiofs.junit.internal.ports.HostPorts;
import dev.virtiofs.junit.internal.ports.PortWait;
import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.RawResult;
import dev.virtiofs.junit.internal.exec.ShellWords;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.sharefaults.ServedShares;
import dev.virtiofs.junit.internal.ssh.SshAccess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import org.awaitility.core.ConditionTimeoutException;

/** The {@link Guest} handed to tests: a booted guest, its shares, its exec channel and SSH. */
public final class RunningGuest implements Guest {

  private final List<SharedDirectory> shares;
  private final Path runDir;
  private final CommandRunner runner;
  private final SshAccess ssh;
  private final QemuProcess qemu;
  private final ServedShares served;
  private final Path console;
  private final Path logDir;
  private final Duration execTimeout;
  private final GuestCalls calls;
  private final GuestProcesses processes;
  private final HostPorts ports;
  private final GuestFileCopies files;

  RunningGuest(GuestParts parts) {
    this.shares = List.copyOf(parts.shares());
    this.runDir = parts.plan().runDir();
    this.runner = parts.channels().runner();
    this.ssh = parts.channels().ssh();
    this.qemu = parts.qemu();
    this.served = parts.served();
    this.console = parts.plan().logs().console();
    this.logDir = parts.plan().logs().path();
    this.execTimeout = parts.plan().host().settings().execTimeout();
    this.calls = new GuestCalls(runner, qemu, served::watched, console);
    this.processes = new GuestProcesses(runner instanceof ExecChannel channel ? channel : null, logDir,
        logDir.getFileName().toString());
    this.ports = new HostPorts(qemu);
    this.files = new GuestFileCopies(this::raw);
  }

  @Override
  public Path sharedDir() {
    return shares.get(0).hostDir();
  }

  @Override
  public String mountPoint() {
    return shares.get(0).mountPoint();
  }

  @Override
  public List<SharedDirectory> shares() {
    return shares;
  }

  @Override
  public SharedDirectory share(String tag) {
    return shares.stream()
        .filter(share -> share.tag().equals(tag))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(String.format(
            "No share with tag [%s]; this guest has %s", tag,
            shares.stream().map(SharedDirectory::tag).toList())));
  }

  @Override
  public ShareDaemon shareDaemon(String tag) {
    Objects.requireNonNull(tag, "tag");
    return served.handle(tag, qemu, this::exec);
  }

  @Override
  public ExecResult exec(String command) {
    return exec(command, execTimeout);
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    return calls.call(command, timeout, () -> runner.run(command, null, timeout)).text();
  }

  @Override
  public ExecResult exec(String command, byte[] stdin) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(stdin, "stdin");
    // over SSH, stdin is not ended after the bytes: head ends it for the command
    String run = runner instanceof ExecChannel ? command
        : "head -c " + stdin.length + " | /bin/sh -c " + ShellWords.quote(command);
    return calls.call(command, execTimeout, () -> runner.run(run, stdin, execTimeout)).text();
  }

  @Override
  public GuestProcess start(String command) {
    calls.checkAlive(command, null);
    return processes.start(command);
  }

  @Override
  public int hostPort(int guestPort) {
    return ports.hostPort(guestPort);
  }

  @Override
  public void waitForPort(int guestPort, Duration timeout) {
    PortWait.awaitListener(guestPort, timeout, this::exec);
  }

  /**
   * The processes tests start in this guest, for the extension to scope them to tests.
   *
   * @return the registry
   */
  public GuestProcesses processes() {
    return processes;
  }

  @Override
  public ExecResult execAs(int uid, int gid, String command) {
    Objects.requireNonNull(command, "command");
    return calls.call(command, execTimeout, () -> runner.runAs(uid, gid, command, execTimeout)).text();
  }

  @Override
  public ExecResult waitUntilSucceeds(String command, Duration timeout) {
    AtomicReference<ExecResult> last = new AtomicReference<>();
    try {
      await("[" + command + "] to succeed in the guest")
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            last.set(exec(command));
            return last.get().succeeded();
          });
      return last.get();
    } catch (ConditionTimeoutException e) {
      ExecResult result = last.get();
      throw new GuestException(String.format(
          "[%s] did not succeed within %d ms; last exit status %s, stdout [%s], stderr [%s]",
          command, timeout.toMillis(), result == null ? "none" : result.exitCode(),
          result == null ? "" : result.stdout().strip(), result == null ? "" : result.stderr().strip()), e);
    }
  }

  @Override
  public String readString(String guestPath) {
    return files.readString(guestPath);
  }

  @Override
  public void writeString(String guestPath, String text) {
    files.writeString(guestPath, text);
  }

  @Override
  public void upload(Path hostFile, String guestPath) {
    files.upload(hostFile, guestPath);
  }

  @Override
  public void download(String guestPath, Path hostFile) {
    files.download(guestPath, hostFile);
  }

  @Override
  public void sync() {
    checked("sync");
  }

  @Override
  public void dropCaches() {
    checked("sync && echo 3 > /proc/sys/vm/drop_caches");
  }

  private void checked(String command) {
    ExecResult result = exec(command);
    if (!result.succeeded()) {
      throw new GuestException(String.format("[%s] failed in the guest with status %d: %s",
          command, result.exitCode(), result.stderr().strip()), null);
    }
  }

  private RawResult raw(String command, byte[] stdin) {
    return calls.call(command, execTimeout, () -> runner.run(command, stdin, execTimeout));
  }

  @Override
  public SSHClient ssh() {
    try {
      return ssh.connection().client();
    } catch (RuntimeException e) {
      calls.checkAlive("ssh", e);
      throw new GuestException("Cannot log in to the guest over SSH: " + e.getMessage(), e);
    }
  }

  @Override
  public Path consoleLog() {
    return console;
  }

  /**
   * The class's log directory (console, QEMU and virtiofsd logs, command lines).
   *
   * @return the directory
   */
  public Path logDir() {
    return logDir;
  }

  /**
   * The private run directory: sockets, keys, fw_cfg files, {@code client_key} and {@code
   * known_hosts}.
   *
   * @return the directory
   */
  public Path runDir() {
    return runDir;
  }

  /**
   * The command that logs in to this guest by hand, with its key and pinned host key; it works at
   * once (a guest is ready only once its SSH server listens).
   *
   * @return the {@code ssh} command line
   */
  public String sshCommand() {
    return GuestFiles.sshCommand(runDir, qemu.sshPort());
  }

  /**
   * The QEMU process, for tests of the extension itself.
   *
   * @return the QEMU
   */
  public QemuProcess qemu() {
    return qemu;
  }

  /**
   * The virtiofsd processes serving the shares now, one per share, for tests of the extension
   * itself.
   *
   * @return the daemons
   */
  public List<VirtiofsdProcess> virtiofsds() {
    return served.current();
  }
}
