package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.ExtensionInternals;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A user other than root, with no writable home (uid 65534, as a container's arbitrary uid or a
 * system user): its class runs in a child JVM under that uid, through the JUnit Platform Launcher.
 * With the Rust virtiofsd the guest starts, the share works both ways and what the guest writes
 * belongs to that user on the host; the guest image and snapshot are cached in a private directory
 * in {@code java.io.tmpdir}; nothing is left running. With the legacy C virtiofsd the class fails
 * saying that it needs root.
 */
class NonRootIT {

  static final int UID = 65534;

  @Test
  void aUserWithNoHomeRunsAGuest() throws Exception {
    assumeTrue(runsAsRoot(), "needs root, to run a child JVM as another user");
    Path scratch = Files.createTempDirectory("virtiofs-nonroot-");
    Process child = null;
    try {
      Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
      String classPath = copyClassPath(scratch.resolve("classpath"));
      Path tmp = Files.createDirectories(scratch.resolve("tmp"));
      Path logs = Files.createDirectories(scratch.resolve("logs"));
      run("chown", "-R", UID + ":" + UID, scratch.toString());

      Path log = scratch.resolve("child.log");
      child = childJvm(classPath, tmp, logs, log);
      assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("child JVM ended; its log: %s", log).isTrue();
      String output = Files.readString(log);

      boolean legacyC = System.getProperty("virtiofs.virtiofsd", "").endsWith("/qemu/virtiofsd");
      if (legacyC) {
        assertThat(output).contains("needs root; run the tests as root or use the Rust virtiofsd");
        assertThat(child.exitValue()).isEqualTo(1);
      } else {
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("1 tests successful");
        Path cache = tmp.resolve("virtiofs-junit-cache-" + UID);
        assertThat(Files.getAttribute(cache, "unix:uid")).isEqualTo(UID);
        assertThat(Files.getPosixFilePermissions(cache)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(cache.resolve("images")).isDirectory();
        assertThat(cache.resolve("snapshots")).isDirectory();
      }
      assertThat(run("pgrep", "-u", Integer.toString(UID), "-a", "-f", "qemu-system|virtiofsd")).isEmpty();
      try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
        assertThat(shm.filter(NonRootIT::ownedByTheUser)).as("guest RAM files left in /dev/shm").isEmpty();
      }
    } finally {
      if (child != null) {
        child.destroyForcibly(); // it timed out: its guards take its QEMU and virtiofsd down with it
        child.waitFor(10, TimeUnit.SECONDS);
      }
      ExtensionInternals.deleteRecursively(scratch);
    }
  }

  /** The child JVM: runs the fixture class through the launcher and exits 0 when it passed. */
  public static void main(String[] args) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(NonRootTestCase.class))
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .build(), summary);
    PrintWriter out = new PrintWriter(System.out, true);
    summary.getSummary().printTo(out);
    summary.getSummary().printFailuresTo(out, 20);
    System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by NonRootIT in a child JVM under another uid")
  static class NonRootTestCase {
    @Test
    void sharesBothWaysAsThisUser(Guest guest) throws IOException {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      assertThat(uid).isEqualTo(UID);
      assertThat(ExtensionInternals.cacheDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
      assertThat(guest.exec("id -u").stdout().strip()).isEqualTo("0"); // root in its own guest

      assertThat(guest.exec("echo from the guest > " + guest.mountPoint() + "/guest.txt").succeeded()).isTrue();
      Path written = guest.sharedDir().resolve("guest.txt");
      assertThat(written).hasContent("from the guest\n");
      assertThat(Files.getAttribute(written, "unix:uid")).isEqualTo(uid);

      Files.writeString(guest.sharedDir().resolve("host.txt"), "from the host");
      assertThat(guest.exec("cat " + guest.mountPoint() + "/host.txt").stdout()).isEqualTo("from the host");
    }
  }

  private static Process childJvm(String classPath, Path tmp, Path logs, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
        "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
        "-Djava.io.tmpdir=" + tmp, "-Dvirtiofs.logDir=" + logs));
    if (System.getProperty("virtiofs.virtiofsd") != null) {
      command.add("-Dvirtiofs.virtiofsd=" + System.getProperty("virtiofs.virtiofsd"));
    }
    command.add(NonRootIT.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(tmp.toFile());
    builder.environment().remove("XDG_CACHE_HOME");
    builder.environment().put("HOME", "/nonexistent");
    return builder.start();
  }

  /**
   * Copies this JVM's class path where the other user can read it (the build's own is under
   * root's home), expanding a manifest-only jar such as the test runner's.
   */
  private static String copyClassPath(Path target) throws IOException {
    Files.createDirectories(target);
    List<String> copies = new ArrayList<>();
    int i = 0;
    for (Path entry : classPathEntries()) {
      Path copy = target.resolve((i++) + "-" + entry.getFileName());
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Path to = copy.resolve(entry.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(to);
            } else {
              Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else {
        Files.copy(entry, copy);
      }
      copies.add(copy.toString());
    }
    return String.join(":", copies);
  }

  private static Set<Path> classPathEntries() throws IOException {
    Set<Path> entries = new LinkedHashSet<>();
    for (String element : System.getProperty("java.class.path").split(":")) {
      Path path = Path.of(element).toAbsolutePath();
      if (!Files.exists(path)) {
        continue;
      }
      Manifest manifest = null;
      if (Files.isRegularFile(path)) {
        try (JarFile jar = new JarFile(path.toFile())) {
          manifest = jar.getManifest();
        }
      }
      String referenced = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (referenced == null || referenced.isBlank()) {
        entries.add(path);
        continue;
      }
      for (String url : referenced.trim().split("\\s+")) {
        Path target = Path.of(java.net.URI.create(url.startsWith("file:") ? url : path.getParent().toUri().resolve(url).toString()));
        if (Files.exists(target)) {
          entries.add(target);
        }
      }
    }
    return entries;
  }

  private static boolean ownedByTheUser(Path file) {
    try {
      return Integer.valueOf(UID).equals(Files.getAttribute(file, "unix:uid"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (InputStream in = process.getInputStream()) {
      String out = new String(in.readAllBytes()).strip();
      process.waitFor();
      return out;
    }
  }

  private static boolean runsAsRoot() throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }
}
