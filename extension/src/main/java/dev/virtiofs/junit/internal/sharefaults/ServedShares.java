package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.ShareDaemon;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shares of one guest and the daemons serving them, as tests' faults leave them: which daemons
 * the guest is watched by, a {@link ShareDaemon} handle per share, and the guest's last {@code
 * sync}, which never waits on a share. Closing it stops every daemon it started.
 */
public final class ServedShares implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(ServedShares.class.getName());
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, ServedShare> shares = new LinkedHashMap<>();
  private final Map<String, ShareDaemonHandle> handles = new LinkedHashMap<>();
  private final AtomicInteger restarts = new AtomicInteger();

  /** Starts with no shares; {@link #add} them as their daemons start. */
  public ServedShares() {}

  /**
   * Adds a share, served by its first daemon.
   *
   * @param tag its tag
   * @param mountPoint where the guest mounts it
   * @param mountOptions what the guest mounts it with
   * @param first its daemon
   * @param launcher starts another daemon for it, on restart
   */
  public synchronized void add(String tag, String mountPoint, String mountOptions, VirtiofsdProcess first,
      DaemonLauncher launcher) {
    shares.put(tag, new ServedShare(tag, mountPoint, mountOptions, first, launcher));
  }

  /**
   * The daemons serving the shares now, in order.
   *
   * @return the current daemons
   */
  public synchronized List<VirtiofsdProcess> current() {
    return shares.values().stream().map(ServedShare::current).toList();
  }

  /**
   * The daemons whose death would be a failure of the guest: all but those a test killed.
   *
   * @return the watched daemons
   */
  public synchronized List<VirtiofsdProcess> watched() {
    return shares.values().stream().filter(ServedShare::watched).map(ServedShare::current).toList();
  }

  /**
   * The handle on one share's daemon.
   *
   * @param tag the share's tag
   * @param qemu the guest's QEMU, which plugs restarted daemons in
   * @param guest runs the guest's side
   * @return the handle, the same for every call
   * @throws IllegalArgumentException naming the tags there are, when there is no such share
   */
  public synchronized ShareDaemon handle(String tag, QemuProcess qemu, GuestShell guest) {
    ServedShare share = shares.get(tag);
    if (share == null) {
      throw new IllegalArgumentException(String.format("No share with tag [%s]; this guest has %s", tag,
          shares.keySet()));
    }
    return handles.computeIfAbsent(tag, t -> new ShareDaemonHandle(share, qemu, guest, restarts));
  }

  /**
   * The guest's last {@code sync}, before it stops, with what tests did settled: paused daemons are
   * resumed first, and once a share's daemon was killed (restarted or not, its old mount stays
   * beneath, waiting for ever) only the shares that answer are synced, each with {@code syncfs}.
   * Never fails, and takes at most 5 s: a guest that does not answer is stopped anyway.
   *
   * @param guest runs the guest's side
   */
  public void lastSync(GuestShell guest) {
    String command;
    synchronized (this) {
      shares.values().forEach(ServedShare::resume);
      command = shares.values().stream().noneMatch(ServedShare::everKilled) ? "sync"
          : GuestShareCommands.syncOnly(shares.values().stream()
              .filter(share -> share.state() != ServedShare.State.KILLED).map(ServedShare::mountPoint).toList());
    }
    try {
      guest.run(command, SYNC_TIMEOUT);
    } catch (RuntimeException e) {
      LOGGER.log(System.Logger.Level.DEBUG, "the guest''s last sync failed: {0}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    shares.values().forEach(ServedShare::close);
  }
}
