package dev.virtiofs.junit.internal.virtiofsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.internal.config.ShareLimits;
import dev.virtiofs.junit.internal.config.ShareSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VirtiofsdCommandLineTests {

  private static final Path SOCKET = Path.of("/run/x/share0.sock");
  private static final Path DIR = Path.of("/data/share");

  @Test
  void tellsTheFlavoursApartByTheirVersionLine() {
    assertThat(VirtiofsdBinary.fromVersionOutput("virtiofsd 1.13.2", Path.of("/v")))
        .contains(new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2"));
    assertThat(VirtiofsdBinary.fromVersionOutput("virtiofsd version 7.2.22 (Debian 1:7.2+dfsg-7)", Path.of("/v")))
        .contains(new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.C, "7.2.22"));
    assertThat(VirtiofsdBinary.fromVersionOutput("true (GNU coreutils) 9.1", Path.of("/v"))).isEmpty();
  }

  @Test
  void givesTheRustDaemonItsFlagsAndItsNamespaceSandboxAsRoot() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/usr/libexec/virtiofsd"), VirtiofsdFlavour.RUST, "1.13.2");

    assertThat(VirtiofsdCommandLine.of(rust, share("auto"), DIR, SOCKET, true, false, false))
        .containsExactly("/usr/libexec/virtiofsd", "--socket-path=/run/x/share0.sock", "--shared-dir=/data/share",
            "--cache=auto", "--sandbox=namespace", "--log-level=info");
  }

  @Test
  void runsTheRustDaemonWithoutSandboxForOtherUsers() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2");

    assertThat(VirtiofsdCommandLine.of(rust, share("never"), DIR, SOCKET, false, true, false))
        .contains("--sandbox=none", "--cache=never", "--log-level=debug");
  }

  @Test
  void givesTheCDaemonItsOptionsAndSpellsNeverAsNone() {
    VirtiofsdBinary c = new VirtiofsdBinary(Path.of("/usr/lib/qemu/virtiofsd"), VirtiofsdFlavour.C, "7.2.22");

    assertThat(VirtiofsdCommandLine.of(c, share("never"), DIR, SOCKET, true, false, false))
        .containsExactly("/usr/lib/qemu/virtiofsd", "--socket-path=/run/x/share0.sock", "-o", "source=/data/share",
            "-o", "cache=none", "-o", "log_level=info");
  }

  @Test
  void asksBothDaemonsToClearSetuidAndSetgidAsTheHostDoesUnlessLeftToTheirDefault() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2");
    VirtiofsdBinary c = new VirtiofsdBinary(Path.of("/c"), VirtiofsdFlavour.C, "7.2.22");

    assertThat(VirtiofsdCommandLine.of(rust, share("never"), DIR, SOCKET, true, false, true)).endsWith("--killpriv-v2");
    assertThat(VirtiofsdCommandLine.of(c, share("never"), DIR, SOCKET, true, false, true)).endsWith("-o", "killpriv_v2");
    assertThat(VirtiofsdCommandLine.of(rust, share("never"), DIR, SOCKET, true, false, false))
        .doesNotContain("--killpriv-v2");
    assertThat(VirtiofsdCommandLine.of(c, share("never"), DIR, SOCKET, true, false, false))
        .doesNotContain("killpriv_v2", "no_killpriv_v2");
  }

  @Test
  void limitsBothDaemonsOpenFilesOnlyWhenAsked() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2");
    VirtiofsdBinary c = new VirtiofsdBinary(Path.of("/c"), VirtiofsdFlavour.C, "7.2.22");
    ShareSpec limited = share("auto").withLimits(new ShareLimits(0, 64));

    assertThat(VirtiofsdCommandLine.of(rust, limited, DIR, SOCKET, true, false, false)).contains("--rlimit-nofile=64");
    assertThat(VirtiofsdCommandLine.of(c, limited, DIR, SOCKET, true, false, false)).contains("--rlimit-nofile=64");
    assertThat(VirtiofsdCommandLine.of(rust, share("auto"), DIR, SOCKET, true, false, false))
        .noneMatch(arg -> arg.startsWith("--rlimit-nofile"));
  }

  @Test
  void passesTheMetadataCacheModeToTheRustDaemon() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2");

    assertThat(VirtiofsdCommandLine.of(rust, share("metadata"), DIR, SOCKET, true, false, true))
        .contains("--cache=metadata");
  }

  @Test
  void sharesTheHostsRootWithTheChrootSandboxSinceNoneCanPivotIntoIt() {
    VirtiofsdBinary rust = new VirtiofsdBinary(Path.of("/v"), VirtiofsdFlavour.RUST, "1.13.2");
    VirtiofsdBinary c = new VirtiofsdBinary(Path.of("/c"), VirtiofsdFlavour.C, "7.2.22");
    ShareSpec root = new ShareSpec("virtiofs-host-root", Path.of("/"), "/run/host-root", "auto", true, false, false, "", ShareLimits.NONE);

    assertThat(VirtiofsdCommandLine.of(rust, root, Path.of("/"), SOCKET, true, false, false))
        .contains("--shared-dir=/", "--sandbox=chroot", "--readonly", "--no-announce-submounts");
    assertThat(VirtiofsdCommandLine.of(c, root, Path.of("/"), SOCKET, true, false, false))
        .containsSequence("-o", "source=/").containsSequence("-o", "sandbox=chroot");
  }

  private static ShareSpec share(String cache) {
    return ShareSpec.plain("share0", DIR, "/mnt/share", cache);
  }
}
