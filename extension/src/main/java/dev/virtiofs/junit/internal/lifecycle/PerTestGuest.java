package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.ShareDaemon;
import dev.virtiofs.junit.SharedDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.SSHClient;

/**
 * The class's guest as one test sees it when {@code perTestDirectory} is on: the default share is
 * a fresh subdirectory of the class's share, named after the test, so tests of one class cannot
 * see each other's files without paying for a reboot. Everything else is the class's guest.
 */
public final class PerTestGuest implements Guest {

  private final RunningGuest guest;
  private final SharedDirectory own;

  private PerTestGuest(RunningGuest guest, SharedDirectory own) {
    this.guest = guest;
    this.own = own;
  }

  /**
   * Makes the test's subdirectory and its view of the guest.
   *
   * @param guest the class's guest
   * @param testName the test's name, used for the directory (other characters become {@code _})
   * @return the view
   * @throws UncheckedIOException when the directory cannot be made
   */
  public static PerTestGuest create(RunningGuest guest, String testName) {
    SharedDirectory share = guest.shares().get(0);
    String base = testName.replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      Path dir = share.hostDir().resolve(base);
      for (int n = 2; Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
        dir = share.hostDir().resolve(base + "-" + n);
      }
      Files.createDirectory(dir);
      return new PerTestGuest(guest, new SharedDirectory(share.tag(), dir,
          share.mountPoint() + "/" + dir.getFileName(), share.readOnly()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the per-test directory for " + testName + " in "
          + share.hostDir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The class's guest this view is of.
   *
   * @return the class's guest
   */
  public RunningGuest classGuest() {
    return guest;
  }

  @Override
  public Path sharedDir() {
    return own.hostDir();
  }

  @Override
  public String mountPoint() {
    return own.mountPoint();
  }

  @Override
  public List<SharedDirectory> shares() {
    List<SharedDirectory> shares = new ArrayList<>(guest.shares());
    shares.set(0, own);
    return List.copyOf(shares);
  }

  @Override
  public SharedDirectory share(String tag) {
    return tag.equals(own.tag()) ? own : guest.share(tag);
  }

  @Override
  public ShareDaemon shareDaemon(String tag) {
    return guest.shareDaemon(tag);
  }

  @Override
  public ExecResult exec(String command) {
    return guest.exec(command);
  }

  @Override
  public ExecResult exec(String command, Duration timeout) {
    return guest.exec(command, timeout);
  }

  @Override
  public ExecResult exec(String command, byte[] stdin) {
    return guest.exec(command, stdin);
  }

  @Override
  public GuestProcess start(String command) {
    return guest.start(command);
  }

  @Override
  public int hostPort(int guestPort) {
    return guest.hostPort(guestPort);
  }

  @Override
  public void waitForPort(int guestPort, Duration timeout) {
    guest.waitForPort(guestPort, timeout);
  }

  @Override
  public ExecResult execAs(int uid, int gid, String command) {
    return guest.execAs(uid, gid, command);
  }

  @Override
  public ExecResult waitUntilSucceeds(String command, Duration timeout) {
    return guest.waitUntilSucceeds(command, timeout);
  }

  @Override
  public String readString(String guestPath) {
    return guest.readString(guestPath);
  }

  @Override
  public void writeString(String guestPath, String text) {
    guest.writeString(guestPath, text);
  }

  @Override
  public void upload(Path hostFile, String guestPath) {
    guest.upload(hostFile, guestPath);
  }

  @Override
  public void download(String guestPath, Path hostFile) {
    guest.download(guestPath, hostFile);
  }

  @Override
  public void sync() {
    guest.sync();
  }

  @Override
  public void dropCaches() {
    guest.dropCaches();
  }

  @Override
  public SSHClient ssh() {
    return guest.ssh();
  }

  @Override
  public Path consoleLog() {
    return guest.consoleLog();
  }
}
