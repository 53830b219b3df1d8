package dev.virtiofs.junit.internal.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Runs shell commands in a guest: the exec agent's channel for the project's own image, SSH for
 * any other.
 */
public interface CommandRunner {

  /**
   * Runs a command, feeding it standard input, and collects its output. The whole exchange is
   * bounded by the timeout, so a stopped or hung guest cannot hold the caller longer.
   *
   * @param command the shell command line, run by {@code /bin/sh -c}
   * @param stdin what the command reads, or {@code null} for nothing; commands fed this way must
   *     read exactly {@code stdin.length} bytes (as {@code head -c N} does), since not every
   *     runner ends standard input after it
   * @param timeout how long it may take
   * @return its exit status and output
   * @throws IOException when the channel fails
   * @throws TimeoutException when it did not end in time; the runner lets go of the command
   */
  RawResult run(String command, byte[] stdin, Duration timeout) throws IOException, TimeoutException;

  /**
   * Runs a command as another user and group, with no supplementary groups. This default suits
   * the busybox guests reached over SSH: it adds a passwd entry per uid and gid pair on first use
   * (busybox's {@code su} needs a name) and runs the command through {@code su}.
   *
   * @param uid the user id
   * @param gid the group id
   * @param command the shell command line
   * @param timeout how long it may take
   * @return its exit status and output
   * @throws IOException when the channel fails
   * @throws TimeoutException when it did not end in time
   */
  default RawResult runAs(int uid, int gid, String command, Duration timeout) throws IOException, TimeoutException {
    String user = "u" + uid + "g" + gid;
    return run(String.format(
        "grep -q '^%1$s:' /etc/passwd || echo '%1$s:x:%2$d:%3$d::/tmp:/bin/sh' >> /etc/passwd;"
            + " grep -q ':%3$d:' /etc/group || echo 'g%3$d:x:%3$d:' >> /etc/group;"
            + " exec su -s /bin/sh %1$s -c %4$s",
        user, uid, gid, ShellWords.quote(command)), null, timeout);
  }

  /**
   * What the channel is, for messages: "the exec channel" or "SSH".
   *
   * @return its name
   */
  String name();
}
