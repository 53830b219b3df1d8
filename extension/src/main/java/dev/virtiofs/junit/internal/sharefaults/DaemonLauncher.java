package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;

/** Starts one more virtiofsd for a share, as the guest's first one was started. */
@FunctionalInterface
public interface DaemonLauncher {

  /**
   * Starts the daemon, its command line and log named after the restart.
   *
   * @param restart the restart's number among the guest's, from 1
   * @return the running daemon, listening on its own socket
   * @throws IllegalStateException when it does not start; the message holds its log
   */
  VirtiofsdProcess launch(int restart);
}
