package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.ExecResult;
import java.time.Duration;

/** Runs a command in the guest as root, as {@link dev.virtiofs.junit.Guest#exec(String, Duration)} does. */
@FunctionalInterface
public interface GuestShell {

  /**
   * Runs a command.
   *
   * @param command a shell command line
   * @param timeout how long it may take
   * @return its result
   * @throws dev.virtiofs.junit.GuestException when it cannot be run or overruns
   */
  ExecResult run(String command, Duration timeout);
}
