package dev.virtiofs.junit.internal.guestprocess;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The guest processes started during one test, or by a class outside its tests ({@code
 * @BeforeAll}): when it ends, each one still running is killed and reported, and the others are
 * let go of in the guest.
 */
final class ProcessScope implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(ProcessScope.class.getName());

  private final String name;
  private final Set<ChannelGuestProcess> open = ConcurrentHashMap.newKeySet();
  private final Consumer<ProcessScope> onEnd;
  private boolean closed;

  ProcessScope(String name, Consumer<ProcessScope> onEnd) {
    this.name = name;
    this.onEnd = onEnd;
  }

  String name() {
    return name;
  }

  /** Takes a process; one that comes after the end (a test's thread starting it late) is killed. */
  void add(ChannelGuestProcess process) {
    synchronized (this) {
      if (!closed) {
        open.add(process);
        return;
      }
    }
    end(process);
  }

  void remove(ChannelGuestProcess process) {
    open.remove(process);
  }

  /** Kills what still runs, with a warning that says what, started where, and where its output is. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    for (ChannelGuestProcess process : List.copyOf(open)) {
      end(process);
    }
    onEnd.accept(this);
  }

  private void end(ChannelGuestProcess process) {
    if (process.isAlive()) {
      String report = String.format(
          "guest process %d [%s], started by %s, still ran at its end: killed with every process it"
              + " started; its output is in process-%d.stdout and .stderr",
          process.number(), process.command(), name, process.number());
      process.story(report);
      LOGGER.log(Level.WARNING, "virtiofs-junit: " + report + " in " + process.logDir());
    }
    process.close();
  }
}
