package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Permission semantics on a share, per cache mode and daemon, against what the host's own file
 * system does (POSIX, and Linux on ext4): setuid and setgid cleared when a user that does not own
 * a file writes or truncates it, and when root gives it away by chown; a setgid directory passing
 * its group on; the sticky bit; the umask; the owner of a file a guest user makes. Each cell is
 * asserted, so a change in the kernel or virtiofsd turns this red; the table is printed for the
 * README. {@code killPrivV2 = false} (the daemon's default) is measured too: it is the reason the
 * option is on by default.
 */
class PermissionsIT {

  /** What the host's ext4 gives for each row (checked on Debian 12 and 13, as root and uid 65534). */
  static final Map<String, String> HOST = new LinkedHashMap<>();

  static {
    HOST.put("setuid after a non-owner's write", "777");
    HOST.put("setgid after a non-owner's write", "777");
    HOST.put("setuid after a non-owner's truncate", "777");
    HOST.put("setuid and setgid after root's chown", "777");
    HOST.put("new file in a setgid directory: group", "100");
    HOST.put("new directory in a setgid directory: mode and group", "2755 100");
    HOST.put("sticky directory: another user's unlink, rename", "refused refused");
    HOST.put("umask 027: new file and directory", "640 750");
    HOST.put("file a guest user (1000:1000) creates: owner", "1000:1000");
  }

  /** share tag -> row -> what the guest saw. */
  static final Map<String, Map<String, String>> SEEN = new ConcurrentHashMap<>();

  @Test
  void everyCacheModeBehavesAsTheHostsFileSystem() throws IOException {
    boolean rust = !cDaemon();
    SEEN.clear();
    EngineExecutionResults results = TestKit.run(rust ? RustTestCase.class : CTestCase.class);
    succeeded(results);
    List<String> modes = rust ? List.of("auto", "always", "never", "metadata") : List.of("auto", "always", "never");
    print(rust ? "Rust" : "C", modes, Map.of("share0", "auto"));
    for (String mode : modes) {
      assertThat(SEEN.get(tag(mode))).as("cache=%s, %s virtiofsd, killPrivV2 on", mode, rust ? "Rust" : "C")
          .containsExactlyEntriesOf(HOST);
    }
  }

  @Test
  void theDaemonsOwnDefaultKeepsSetuidAfterANonOwnersWriteOrTruncateWithoutThePageCache() throws IOException {
    SEEN.clear();
    EngineExecutionResults results = TestKit.run(DaemonDefaultTestCase.class);
    succeeded(results);
    print(cDaemon() ? "C, killPrivV2 = false" : "Rust, killPrivV2 = false", List.of("never"), Map.of("share0", "never"));
    Map<String, String> expected = new LinkedHashMap<>(HOST);
    // With cache=never writes and truncates bypass the guest's page cache, so the guest kernel leaves
    // the bits to the daemon, which runs as root with CAP_FSETID and keeps them unless killpriv_v2
    // tells it to drop that capability for the request (issue 23)
    expected.put("setuid after a non-owner's truncate", "4777");
    if (!cDaemon()) {
      // the C daemon (7.2) clears them on a write by itself; virtiofsd 1.13.2 does not
      expected.put("setuid after a non-owner's write", "4777");
      expected.put("setgid after a non-owner's write", "2777");
    }
    assertThat(SEEN.get("share0")).containsExactlyEntriesOf(expected);
  }

  @Test
  void aDefaultAclIsInheritedAsOnTheHostInEveryCacheMode() throws IOException, InterruptedException {
    boolean rust = !cDaemon();
    ACL.clear();
    succeeded(TestKit.run(rust ? RustAclTestCase.class : CAclTestCase.class));
    Path hostDir = Files.createTempDirectory("acl-on-host");
    try {
      String host = onHost(hostDir, ACL_PROBE);
      assertThat(host).as("the host's own answer").contains("user:1000:rwx");
      System.out.println("permissions, " + (rust ? "Rust" : "C") + " virtiofsd, posixAcl: host [" + host + "] " + ACL);
      assertThat(ACL).as("a default ACL's entry on a new file, per cache mode").hasSize(rust ? 4 : 3)
          .allSatisfy((mode, seen) -> assertThat(seen).as(mode).isEqualTo(host));
    } finally {
      new ProcessBuilder("rm", "-rf", hostDir.toString()).start().waitFor();
    }
  }

  @Test
  void theCDaemonRefusesTheMetadataCacheModeNamingTheFix() throws IOException {
    assumeTrue(cDaemon(), "the Rust daemon has cache=metadata");
    EngineExecutionResults results = TestKit.run(MetadataTestCase.class);
    results.containerEvents().assertStatistics(stats -> stats.failed(1));
    assertThat(results.containerEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow().getMessage()))
        .anyMatch(m -> m.startsWith("Share [share0] of " + MetadataTestCase.class.getName()
                + " asks for cache [metadata], which only the Rust virtiofsd has;")
            && m.endsWith("use one of those, or the Rust virtiofsd 1.x (virtiofs.virtiofsd)"));
  }

  /** The fixture's one test passed; else its failure, whole, as this test's. */
  private static void succeeded(EngineExecutionResults results) {
    results.allEvents().failed().stream()
        .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).stream())
        .flatMap(r -> r.getThrowable().stream())
        .findFirst().ifPresent(t -> {
          throw new AssertionError("the fixture failed: " + t, t);
        });
    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  private static void print(String daemon, List<String> modes, Map<String, String> tagsOfDefault) {
    StringBuilder table = new StringBuilder("permissions, " + daemon + " virtiofsd:\n| row | host |");
    modes.forEach(mode -> table.append(" `").append(mode).append("` |"));
    for (String row : HOST.keySet()) {
      table.append("\n| ").append(row).append(" | ").append(HOST.get(row)).append(" |");
      for (String mode : modes) {
        String tag = tagsOfDefault.entrySet().stream().filter(e -> e.getValue().equals(mode)).map(Map.Entry::getKey)
            .findFirst().orElse(mode);
        table.append(' ').append(SEEN.getOrDefault(tag, Map.of()).getOrDefault(row, "?")).append(" |");
      }
    }
    System.out.println(table);
  }

  private static String tag(String mode) {
    return mode.equals("auto") ? "share0" : mode;
  }

  static boolean cDaemon() throws IOException {
    String daemon = System.getProperty("virtiofs.virtiofsd", "virtiofsd");
    Process version = new ProcessBuilder(daemon, "--version").redirectErrorStream(true).start();
    // the C daemon answers "virtiofsd version 7.2.22 (...)", the Rust one "virtiofsd 1.13.2" (as it/pom.xml tells them apart)
    return new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("virtiofsd version");
  }

  /** A default ACL on a directory: the entry a new file in it inherits (the host's own tools). */
  static final String ACL_PROBE = "rm -rf acl && mkdir acl && setfacl -d -m u:1000:rwx acl && touch acl/f"
      + " && getfacl -cn acl/f | grep '^user:1000'";

  /** cache mode -> what the guest's getfacl printed. */
  static final Map<String, String> ACL = new ConcurrentHashMap<>();

  private static String onHost(Path dir, String script) throws IOException, InterruptedException {
    Process sh = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(sh.waitFor()).as("on the host: %s", out).isZero();
    return out;
  }

  /** Runs the ACL probe on every share, in the host's userland (setfacl, getfacl). */
  abstract static class AclProbe {

    @Test
    void probe(Guest guest) {
      for (SharedDirectory share : guest.shares()) {
        if (share.tag().startsWith("acl-")) {
          var result = guest.exec("cd " + share.mountPoint() + " && " + ACL_PROBE);
          assertThat(result.exitCode()).as("%s: %s", share.tag(), result.stderr()).isZero();
          ACL.put(share.tag().substring("acl-".length()), result.stdout().strip());
        }
      }
    }
  }

  @Disabled("Run by the testkit")
  @VirtioFsVm(hostUserland = true)
  @Share(tag = "acl-auto", mountPoint = "/mnt/acl-auto", posixAcl = true)
  @Share(tag = "acl-always", mountPoint = "/mnt/acl-always", posixAcl = true, cache = "always")
  @Share(tag = "acl-never", mountPoint = "/mnt/acl-never", posixAcl = true, cache = "never")
  @Share(tag = "acl-metadata", mountPoint = "/mnt/acl-metadata", posixAcl = true, cache = "metadata")
  static class RustAclTestCase extends AclProbe {}

  @Disabled("Run by the testkit")
  @VirtioFsVm(hostUserland = true)
  @Share(tag = "acl-auto", mountPoint = "/mnt/acl-auto", posixAcl = true)
  @Share(tag = "acl-always", mountPoint = "/mnt/acl-always", posixAcl = true, cache = "always")
  @Share(tag = "acl-never", mountPoint = "/mnt/acl-never", posixAcl = true, cache = "never")
  static class CAclTestCase extends AclProbe {}

  /** Runs every row on every share of the guest, recording what the guest saw. */
  abstract static class Probe {

    @Test
    void probe(Guest guest) throws IOException {
      for (SharedDirectory share : guest.shares()) {
        SEEN.put(share.tag(), rows(guest, share));
      }
    }

    private static Map<String, String> rows(Guest guest, SharedDirectory share) throws IOException {
      String dir = share.mountPoint() + "/perm";
      // the share's own directory is private (0700) as the extension makes it: other users need x
      root(guest, "chmod 711 " + share.mountPoint() + " && rm -rf " + dir + " && mkdir " + dir + " && chmod 777 " + dir + " && cd " + dir
          + " && touch w4 w2 t4 c6 && chmod 4777 w4 t4 && chmod 2777 w2 && chmod 6777 c6"
          + " && mkdir g s && chgrp 100 g && chmod 2775 g && chmod 1777 s");
      as(guest, 65534, "cd " + dir + " && for f in w4 w2; do"
          + " dd if=/dev/zero of=$f bs=1 count=1 conv=notrunc 2>/dev/null || exit 1; done; : > t4");
      root(guest, "cd " + dir + " && chown 65534 c6 && touch g/f && mkdir g/d && (umask 027; touch u; mkdir ud)");
      as(guest, 1000, "touch " + dir + "/s/f && touch " + dir + "/o");
      String unlink = guest.execAs(65534, 65534, "rm -f " + dir + "/s/f").succeeded() ? "allowed" : "refused";
      String rename = guest.execAs(65534, 65534, "mv " + dir + "/s/f " + dir + "/s/g").succeeded() ? "allowed" : "refused";
      Map<String, String> seen = new LinkedHashMap<>();
      seen.put("setuid after a non-owner's write", stat(guest, dir + "/w4", "%a"));
      seen.put("setgid after a non-owner's write", stat(guest, dir + "/w2", "%a"));
      seen.put("setuid after a non-owner's truncate", stat(guest, dir + "/t4", "%a"));
      seen.put("setuid and setgid after root's chown", stat(guest, dir + "/c6", "%a"));
      seen.put("new file in a setgid directory: group", stat(guest, dir + "/g/f", "%g"));
      seen.put("new directory in a setgid directory: mode and group", stat(guest, dir + "/g/d", "%a %g"));
      seen.put("sticky directory: another user's unlink, rename", unlink + " " + rename);
      seen.put("umask 027: new file and directory", stat(guest, dir + "/u", "%a") + " " + stat(guest, dir + "/ud", "%a"));
      Path created = share.hostDir().resolve("perm/o");
      seen.put("file a guest user (1000:1000) creates: owner",
          Files.getAttribute(created, "unix:uid") + ":" + Files.getAttribute(created, "unix:gid"));
      return seen;
    }

    private static void root(Guest guest, String command) {
      var result = guest.exec(command);
      assertThat(result.exitCode()).as("[%s]: %s", command, result.stderr()).isZero();
    }

    private static void as(Guest guest, int user, String command) {
      var result = guest.execAs(user, user, command);
      assertThat(result.exitCode()).as("as %d: [%s]: %s", user, command, result.stderr()).isZero();
    }

    private static String stat(Guest guest, String path, String format) {
      return guest.exec("stat -c '" + format + "' " + path).stdout().strip();
    }
  }

  @Disabled("Run by the testkit")
  @VirtioFsVm
  @Share(tag = "always", mountPoint = "/mnt/always", cache = "always")
  @Share(tag = "never", mountPoint = "/mnt/never", cache = "never")
  @Share(tag = "metadata", mountPoint = "/mnt/metadata", cache = "metadata")
  static class RustTestCase extends Probe {}

  @Disabled("Run by the testkit")
  @VirtioFsVm
  @Share(tag = "always", mountPoint = "/mnt/always", cache = "always")
  @Share(tag = "never", mountPoint = "/mnt/never", cache = "never")
  static class CTestCase extends Probe {}

  @Disabled("Run by the testkit")
  @VirtioFsVm(cache = "never", killPrivV2 = false)
  static class DaemonDefaultTestCase extends Probe {}

  @Disabled("Run by the testkit")
  @VirtioFsVm(cache = "metadata")
  static class MetadataTestCase {
    @Test
    void neverRuns() {}
  }
}
