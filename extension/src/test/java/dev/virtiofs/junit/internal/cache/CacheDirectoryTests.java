package dev.virtiofs.junit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTests {

  @TempDir Path tmp;
  private String home;
  private String tmpdir;

  @BeforeEach
  void pointJavaAtTheTemporaryDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    assumeTrue(xdg == null || xdg.isBlank(), "XDG_CACHE_HOME decides when set");
    home = System.getProperty("user.home");
    tmpdir = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
  }

  @AfterEach
  void restore() {
    if (home != null) {
      System.setProperty("user.home", home);
      System.setProperty("java.io.tmpdir", tmpdir);
    }
  }

  @Test
  void aWritableHomeHoldsTheCache() throws IOException {
    Path myHome = Files.createDirectory(tmp.resolve("home"));
    System.setProperty("user.home", myHome.toString());

    assertThat(CacheDirectory.get()).isEqualTo(myHome.resolve(".cache/virtiofs-junit"));
  }

  @Test
  void withNoHomeTheCacheIsAPrivateDirectoryInTmp() throws IOException {
    System.setProperty("user.home", "/nonexistent/virtiofs-junit-test-home");

    Path cache = CacheDirectory.get();

    assertThat(cache).isEqualTo(tmp.resolve("virtiofs-junit-cache-" + uid())).isDirectory();
    assertThat(Files.getPosixFilePermissions(cache)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(CacheDirectory.get()).isEqualTo(cache);
  }

  @Test
  void aFallbackDirectoryOfAnotherUserIsRefused() throws Exception {
    assumeTrue(Integer.valueOf(0).equals(uid()), "needs root, to give a directory away");
    System.setProperty("user.home", "/nonexistent/virtiofs-junit-test-home");
    Path planted = Files.createDirectory(tmp.resolve("virtiofs-junit-cache-0"));
    new ProcessBuilder("chown", "65534", planted.toString()).start().waitFor();

    assertThatThrownBy(CacheDirectory::get).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(planted.toString()).hasMessageContaining("belongs to another user")
        .hasMessageContaining("XDG_CACHE_HOME");
  }

  @Test
  void aFallbackDirectoryOthersMayWriteToIsRefused() throws Exception {
    System.setProperty("user.home", "/nonexistent/virtiofs-junit-test-home");
    Path open = Files.createDirectory(tmp.resolve("virtiofs-junit-cache-" + uid()));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(CacheDirectory::get).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(open.toString()).hasMessageContaining("others may write to it");
  }

  @Test
  void aLinkInTheWayOfTheFallbackIsRefused() throws IOException {
    System.setProperty("user.home", "/nonexistent/virtiofs-junit-test-home");
    Path link = Files.createSymbolicLink(tmp.resolve("virtiofs-junit-cache-" + uid()), tmp);

    assertThatThrownBy(CacheDirectory::get).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(link.toString()).hasMessageContaining("in the way")
        .hasMessageContaining("XDG_CACHE_HOME");
  }

  private static Object uid() throws IOException {
    return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
