package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestKernels;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What guest B sees of guest A's changes to a file they share, per cache mode (and, as every IT,
 * per virtiofsd flavour): create, overwrite, rename, truncate, delete, and A's {@code flock} and
 * {@code fcntl} locks. For each change, B looks at once ("at once"), then until it sees the change
 * (awaited up to {@value #EVENTUALLY_SECONDS} s), then after dropping its caches. Each guest has a
 * virtiofsd of its own: the only coherence between them is what the guest kernel's FUSE client
 * revalidates with the host, as for changes made on the host itself (CoherenceIT). Lines starting
 * {@code cross-guest} are the README's table, per kernel line (the class runs on both).
 */
@VirtioFsVm(guests = 2, hostUserland = true)
@GuestKernels({"6.12", "6.1"})
@Share(tag = "auto", mountPoint = "/mnt/auto", cache = "auto")
@Share(tag = "always", mountPoint = "/mnt/always", cache = "always")
@Share(tag = "never", mountPoint = "/mnt/never", cache = "never")
class CrossGuestCoherenceIT {

  static final int EVENTUALLY_SECONDS = 5;

  static List<Guest> guests;

  @Test
  void theGuestsAreTwoAndShareTheDirectories() {
    assertThat(guests).hasSize(2);
    assertThat(guests.get(0).exec("hostname").stdout().strip()).isEqualTo("guest0");
    assertThat(guests.get(1).exec("hostname").stdout().strip()).isEqualTo("guest1");
    assertThat(guests.get(0).share("auto").hostDir()).isEqualTo(guests.get(1).share("auto").hostDir());
  }

  @ParameterizedTest(name = "B sees A's create, write, rename, truncate and delete on cache={0}")
  @ValueSource(strings = {"auto", "always", "never"})
  void whatTheOtherGuestSeesOfAFilesLife(String tag) {
    Guest a = guests.get(0);
    Guest b = guests.get(1);
    String dir = a.share(tag).mountPoint() + "/life";
    a.exec("mkdir -p " + dir);
    b.exec("ls " + dir); // B has looked: its caches hold the directory

    change(tag, "create", "echo one > " + dir + "/f", "cat " + dir + "/f", "one");
    change(tag, "overwrite", "echo two > " + dir + "/f", "cat " + dir + "/f", "two");
    change(tag, "rename", "mv " + dir + "/f " + dir + "/g", "cat " + dir + "/g", "two");
    change(tag, "truncate", "truncate -s 0 " + dir + "/g", "wc -c < " + dir + "/g", "0");
    change(tag, "delete", "rm " + dir + "/g", "test -e " + dir + "/g || echo gone", "gone");
  }

  /** A makes a change; B looks at once, then until it sees it, then after dropping its caches. */
  private static void change(String tag, String what, String inA, String inB, String expected) {
    Guest a = guests.get(0);
    Guest b = guests.get(1);
    b.exec(inB); // B has seen the state before: what it caches of it is what may go stale
    ExecResult made = a.exec(inA);
    assertThat(made.exitCode()).as("%s in guest A: %s", inA, made.stderr()).isZero();
    boolean atOnce = sees(b, inB, expected);
    long started = System.nanoTime();
    boolean eventually = atOnce;
    try {
      b.waitUntilSucceeds("[ \"$(" + inB + " 2>&1)\" = '" + expected + "' ]", Duration.ofSeconds(EVENTUALLY_SECONDS));
      eventually = true;
    } catch (AssertionError | RuntimeException e) {
      // recorded below: the kernel promises nothing here
    }
    long waited = (System.nanoTime() - started) / 1_000_000;
    b.dropCaches();
    boolean afterDrop = sees(b, inB, expected);
    System.out.printf("cross-guest kernel=%s cache=%s %s: at once %s, within %d s %s, after B drops caches %s%n",
        kernel(b), tag, what,
        yes(atOnce), EVENTUALLY_SECONDS, eventually ? "yes (" + (atOnce ? 0 : waited) + " ms)" : "no", yes(afterDrop));
    if (!tag.equals("always")) {
      // auto revalidates after its 1 s timeout, never does not cache: B must see every change
      assertThat(eventually).as("guest B sees A's %s on cache=%s within %d s", what, tag, EVENTUALLY_SECONDS).isTrue();
    }
    if (tag.equals("never")) {
      assertThat(atOnce).as("guest B sees A's %s on cache=never at once", what).isTrue();
    }
    assertThat(afterDrop).as("guest B sees A's %s on cache=%s after dropping its caches", what, tag).isTrue();
  }

  @ParameterizedTest(name = "A's flock and fcntl locks as B sees them on cache={0}")
  @ValueSource(strings = {"auto", "always", "never"})
  void locksHeldByOneGuestAsTheOtherSeesThem(String tag) {
    String dir = guests.get(0).share(tag).mountPoint();
    lock(tag, "flock", dir, "fcntl.flock(f, fcntl.LOCK_EX", "fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)");
    lock(tag, "fcntl", dir, "fcntl.lockf(f, fcntl.LOCK_EX", "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)");
  }

  /** A takes the lock and holds it while B tries to take it without waiting. */
  private static void lock(String tag, String kind, String dir, String take, String tryTake) {
    Guest a = guests.get(0);
    Guest b = guests.get(1);
    String file = dir + "/" + kind + ".lock";
    String held = "/tmp/" + kind + "-held";
    a.exec("rm -f " + held + "; python3 -c \"import fcntl, os, time; f = open('" + file + "', 'w'); " + take
        + "); open('" + held + "', 'w'); time.sleep(20)\" >/dev/null 2>&1 &");
    a.waitUntilSucceeds("test -e " + held, Duration.ofSeconds(20));
    ExecResult tried = b.exec("python3 -c \"import fcntl; f = open('" + file + "', 'w'); " + tryTake + "\" 2>&1");
    ExecResult mine = a.exec("python3 -c \"import fcntl; f = open('" + file + "', 'w'); " + tryTake + "\" 2>&1");
    a.exec("pkill -f '" + held + "' || true");
    boolean refused = tried.exitCode() != 0;
    System.out.printf("cross-guest kernel=%s cache=%s %s lock held by A: B's try %s%n", kernel(b), tag, kind,
        refused ? "refused (" + lastLine(tried) + ")" : "granted: the lock does not reach across guests");
    assertThat(tried.stdout()).as("B's try of the %s lock either succeeds or is refused as busy", kind)
        .satisfiesAnyOf(out -> assertThat(refused).isFalse(), out -> assertThat(out).contains("BlockingIOError"));
    // the control: another process in A itself is refused, so the lock is really held
    assertThat(mine.exitCode()).as("another process of guest A tries the held %s lock: %s", kind, mine.stdout()).isNotZero();
  }

  /** The guest's kernel line, such as 6.12. */
  private static String kernel(Guest guest) {
    return guest.exec("uname -r | cut -d. -f1,2").stdout().strip();
  }

  private static boolean sees(Guest guest, String command, String expected) {
    return guest.exec(command + " 2>&1").stdout().strip().equals(expected);
  }

  private static String yes(boolean value) {
    return value ? "yes" : "no";
  }

  private static String lastLine(ExecResult result) {
    List<String> lines = result.stdout().lines().toList();
    return lines.isEmpty() ? "exit " + result.exitCode() : lines.get(lines.size() - 1);
  }
}
