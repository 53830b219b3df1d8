package dev.virtiofs.junit.internal.prerequisites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding QEMU and virtiofsd where each distribution and Nix put them, in fake trees. */
class BinaryLocationsTests {

  @TempDir Path root;

  private BinaryLocations host(String path) {
    return new BinaryLocations(root, path, Optional.of(Path.of("/home/dev")), Optional.of("dev"));
  }

  private void executable(String absolute) throws IOException {
    Path file = root.resolve(absolute.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Optional<String> virtiofsd(String path) {
    return host(path).find("virtiofsd", BinaryLocations.VIRTIOFSD_PLACES).map(p -> "/" + root.relativize(p));
  }

  @Test
  void fedoraDebian13AndUbuntuKeepItInLibexec() throws IOException {
    executable("/usr/libexec/virtiofsd");
    assertThat(virtiofsd("/usr/bin:/bin")).contains("/usr/libexec/virtiofsd");
  }

  @Test
  void archKeepsItInUsrLib() throws IOException {
    executable("/usr/lib/virtiofsd");
    assertThat(virtiofsd("/usr/bin")).contains("/usr/lib/virtiofsd");
  }

  @Test
  void debian12sCDaemonComesLastOfTheWellKnownPlaces() throws IOException {
    executable("/usr/lib/qemu/virtiofsd");
    executable("/usr/libexec/virtiofsd");
    assertThat(virtiofsd("/usr/bin")).contains("/usr/libexec/virtiofsd");
  }

  @Test
  void pathComesFirst() throws IOException {
    executable("/usr/local/bin/virtiofsd");
    executable("/usr/libexec/virtiofsd");
    assertThat(virtiofsd("/usr/local/bin:/usr/bin")).contains("/usr/local/bin/virtiofsd");
  }

  @Test
  void nixosSystemProfileIsFoundWithoutItOnPath() throws IOException {
    executable("/run/current-system/sw/bin/virtiofsd");
    executable("/run/current-system/sw/bin/qemu-system-x86_64");
    assertThat(virtiofsd("/usr/bin")).contains("/run/current-system/sw/bin/virtiofsd");
    assertThat(host("").find("qemu-system-x86_64", BinaryLocations.QEMU_PLACES))
        .contains(root.resolve("run/current-system/sw/bin/qemu-system-x86_64"));
  }

  @Test
  void aUsersNixProfileComesBeforeTheDefaultProfile() throws IOException {
    executable("/home/dev/.nix-profile/bin/virtiofsd");
    executable("/nix/var/nix/profiles/default/bin/virtiofsd");
    assertThat(virtiofsd("")).contains("/home/dev/.nix-profile/bin/virtiofsd");
  }

  @Test
  void homeManagerPerUserProfile() throws IOException {
    executable("/etc/profiles/per-user/dev/bin/virtiofsd");
    assertThat(virtiofsd("/usr/bin")).contains("/etc/profiles/per-user/dev/bin/virtiofsd");
  }

  @Test
  void rhelsQemuKvmIsTheLastResort() throws IOException {
    executable("/usr/libexec/qemu-kvm");
    assertThat(host("/usr/bin").find("qemu-system-x86_64", BinaryLocations.QEMU_PLACES))
        .contains(root.resolve("usr/libexec/qemu-kvm"));
  }

  @Test
  void aFileThatIsNotExecutableOrADirectoryIsPassedOver() throws IOException {
    Path plain = root.resolve("usr/libexec/virtiofsd");
    Files.createDirectories(plain.getParent());
    Files.writeString(plain, "not executable");
    Files.createDirectories(root.resolve("usr/lib/virtiofsd"));
    executable("/usr/lib/qemu/virtiofsd");
    assertThat(virtiofsd("")).contains("/usr/lib/qemu/virtiofsd");
  }

  @Test
  void nothingAnywhereIsEmptyAndRelativePathEntriesAreIgnored() throws IOException {
    executable("/bin-relative/virtiofsd");
    assertThat(virtiofsd("bin-relative::")).isEmpty();
  }

  @Test
  void toolsRunByNameAreLookedForOnPathAloneAndInUsrBinAndBinWithoutIt() throws IOException {
    executable("/run/current-system/sw/bin/setsid");
    executable("/usr/libexec/setsid");
    assertThat(host("/usr/bin").findOnPath("setsid")).isEmpty();
    executable("/bin/setsid");
    assertThat(host("").findOnPath("setsid")).contains(root.resolve("bin/setsid"));
    assertThat(host("/run/current-system/sw/bin").findOnPath("setsid"))
        .contains(root.resolve("run/current-system/sw/bin/setsid"));
  }

  @Test
  void theSearchOrderIsStated() {
    List<Path> candidates = new BinaryLocations(Path.of("/"), "/usr/bin", Optional.of(Path.of("/home/dev")),
        Optional.of("dev")).candidates("virtiofsd", BinaryLocations.VIRTIOFSD_PLACES);
    assertThat(candidates).extracting(Path::toString).containsExactly(
        "/usr/bin/virtiofsd",
        "/run/current-system/sw/bin/virtiofsd",
        "/home/dev/.nix-profile/bin/virtiofsd",
        "/etc/profiles/per-user/dev/bin/virtiofsd",
        "/nix/var/nix/profiles/default/bin/virtiofsd",
        "/usr/libexec/virtiofsd",
        "/usr/lib/virtiofsd",
        "/usr/lib/qemu/virtiofsd");
  }
}
