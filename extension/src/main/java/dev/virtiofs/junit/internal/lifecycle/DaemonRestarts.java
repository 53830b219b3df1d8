package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.sharefaults.GuestShell;
import dev.virtiofs.junit.internal.sharefaults.ServedShares;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdCommandLine;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * How a guest's shares are served for {@link ServedShares}: each share's virtiofsd command line,
 * the same for its first daemon and for those a test's restart starts (a socket and a log of
 * their own, {@code virtiofsd-TAG-restartN}).
 */
final class DaemonRestarts {

  private DaemonRestarts() {}

  /** The command line of a share's daemon on a socket. */
  static List<String> commandLine(GuestPlan plan, ShareSpec share, Path socket) {
    HostEnvironment host = plan.host();
    return VirtiofsdCommandLine.of(host.virtiofsd(), share, plan.hostDirs().get(share), socket, host.root(),
        host.settings().debug(), plan.spec().killPrivV2());
  }

  /** The shares of a guest, served by its first daemons, in the order of the plan's shares. */
  static ServedShares serve(GuestPlan plan, List<VirtiofsdProcess> daemons) {
    ServedShares served = new ServedShares();
    int index = 0;
    for (Map.Entry<ShareSpec, Path> entry : plan.hostDirs().entrySet()) {
      ShareSpec share = entry.getKey();
      served.add(share.tag(), share.mountPoint(), share.guestMountOptions(), daemons.get(index++),
          restart -> launch(plan, share, restart));
    }
    return served;
  }

  private static VirtiofsdProcess launch(GuestPlan plan, ShareSpec share, int restart) {
    String name = share.tag() + "-restart" + restart;
    Path socket = plan.runDir().resolve("restart" + restart + ".sock");
    List<String> command = commandLine(plan, share, socket);
    plan.logs().writeCommandLine("virtiofsd-" + name, command);
    return VirtiofsdProcess.start(command, socket, plan.logs().virtiofsdLog(name));
  }

  /** The guest's side of settling faults at the end: through the runner, no story around it. */
  static GuestShell shell(CommandRunner runner) {
    return (command, timeout) -> {
      try {
        return runner.run(command, null, timeout).text();
      } catch (IOException | TimeoutException e) {
        throw new GuestException("Could not run [" + command + "] through " + runner.name() + ": " + e.getMessage(), e);
      }
    };
  }
}
