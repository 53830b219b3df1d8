package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One share of a guest and the virtiofsd serving it now, with what a test did to it: a daemon
 * killed or paused on purpose is not a failure of the guest, and one restarted replaces the first.
 */
final class ServedShare {

  /** What a test did to the daemon. */
  enum State { RUNNING, PAUSED, KILLED }

  private final String tag;
  private final String mountPoint;
  private final String mountOptions;
  private final DaemonLauncher launcher;
  private final List<VirtiofsdProcess> all = new ArrayList<>();
  private VirtiofsdProcess current;
  private State state = State.RUNNING;
  private boolean everKilled;

  ServedShare(String tag, String mountPoint, String mountOptions, VirtiofsdProcess first, DaemonLauncher launcher) {
    this.tag = tag;
    this.mountPoint = mountPoint;
    this.mountOptions = mountOptions;
    this.launcher = launcher;
    this.current = first;
    all.add(first);
  }

  String tag() {
    return tag;
  }

  String mountPoint() {
    return mountPoint;
  }

  String mountOptions() {
    return mountOptions;
  }

  synchronized VirtiofsdProcess current() {
    return current;
  }

  synchronized State state() {
    return state;
  }

  /** Whether the daemon is to be watched: one a test killed is not a crash. */
  synchronized boolean watched() {
    return state != State.KILLED;
  }

  /** Whether a daemon of this share was ever killed: its mount then waits for ever, beneath or on top. */
  synchronized boolean everKilled() {
    return everKilled;
  }

  synchronized void kill() {
    state = State.KILLED;
    everKilled = true;
    current.signal("KILL");
    current.process().awaitExit(Duration.ofSeconds(5));
  }

  synchronized void pause() {
    if (!current.isAlive()) {
      throw new IllegalStateException("The virtiofsd of share [" + tag + "] is not running (killed, or it"
          + " died): nothing to pause; restart() it first");
    }
    current.signal("STOP");
    state = State.PAUSED;
  }

  synchronized void resume() {
    if (state == State.PAUSED) {
      current.signal("CONT");
      state = State.RUNNING;
    }
  }

  /** Starts the next daemon; the caller plugs it in and mounts it. */
  synchronized VirtiofsdProcess launch(int restart) {
    VirtiofsdProcess next = launcher.launch(restart);
    all.add(next);
    current = next;
    state = State.RUNNING;
    return next;
  }

  /** Stops every daemon this share had: the current one, and those restarts replaced. */
  synchronized void close() {
    if (state == State.PAUSED) {
      current.signal("KILL"); // a stopped process would hold SIGTERM until the guard's SIGKILL
    }
    all.forEach(VirtiofsdProcess::close);
  }
}
