package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.ssh.SshAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The ways into a started guest: SSH, which logs in on first use, and the exec agent's channel
 * when the guest is of the project's image.
 *
 * @param ssh SSH access, owned by the guest's resources under {@code ssh}
 * @param exec the exec channel, owned under {@code exec}, or empty for a guest without the agent
 */
record GuestChannels(SshAccess ssh, Optional<ExecChannel> exec) {

  /**
   * Writes the files that log in by hand ({@code ssh.txt} in the logs) and opens the channels.
   *
   * @param plan the guest
   * @param keys its keys
   * @param qemu its QEMU, started
   * @param resources takes ownership of the channels, SSH first
   * @return the channels
   * @throws IllegalStateException when the exec port's socket refuses a connection
   */
  static GuestChannels open(GuestPlan plan, GuestKeys keys, QemuProcess qemu, Resources resources) {
    GuestFiles.writeSshAccess(plan.runDir(), keys.clientKey(), keys.hostKey(), qemu.sshPort());
    plan.logs().write("ssh.txt", GuestFiles.sshCommand(plan.runDir(), qemu.sshPort()) + "\n");

    SshAccess ssh = resources.own("ssh", SshAccess.class,
        () -> new SshAccess(qemu.sshPort(), keys.clientKey(), keys.hostKey()));
    Optional<ExecChannel> exec = plan.qemuSpec().execSocket().map(socket ->
        resources.own("exec", ExecChannel.class, () -> connectExec(qemu, socket)));
    return new GuestChannels(ssh, exec);
  }

  /**
   * What runs the tests' commands: the exec channel when there is one, SSH otherwise.
   *
   * @return the runner
   */
  CommandRunner runner() {
    return exec.isPresent() ? exec.get() : ssh;
  }

  private static ExecChannel connectExec(QemuProcess qemu, Path socket) {
    try {
      return ExecChannel.connect(socket);
    } catch (IOException e) {
      throw new IllegalStateException(qemu.failure("started, but its exec port socket " + socket
          + " refused a connection: " + e.getMessage()), e);
    }
  }
}
