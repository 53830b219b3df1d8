package dev.virtiofs.junit.internal.prerequisites;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Where a host's binaries may be, in the order they are searched: {@code PATH}, then the
 * directories that distributions and Nix put them in, which an IDE's or a service's {@code PATH}
 * often lacks (Nix profiles: {@code /run/current-system/sw/bin}, {@code ~/.nix-profile/bin},
 * {@code /etc/profiles/per-user/<user>/bin}, {@code /nix/var/nix/profiles/default/bin}), then the
 * binary's own well-known places ({@link #VIRTIOFSD_PLACES}, {@link #QEMU_PLACES}).
 *
 * <p>Pure but for looking at files: every place resolves under {@code root}, which is {@code /}
 * on a real host and a fake tree in tests.
 *
 * @param root the file system's root
 * @param path the {@code PATH} variable, empty when unset
 * @param home the user's home directory, if known
 * @param user the user's name, if known
 */
public record BinaryLocations(Path root, String path, Optional<Path> home, Optional<String> user) {

  /**
   * Where distributions put virtiofsd: Fedora, Debian 13, Ubuntu 24.04 and later {@code
   * /usr/libexec}; Arch {@code /usr/lib}; Debian 12's QEMU package its C daemon in {@code
   * /usr/lib/qemu}.
   */
  public static final List<String> VIRTIOFSD_PLACES =
      List.of("/usr/libexec/virtiofsd", "/usr/lib/virtiofsd", "/usr/lib/qemu/virtiofsd");

  /** Where QEMU may be off {@code PATH}: RHEL and CentOS Stream ship only {@code qemu-kvm}. */
  public static final List<String> QEMU_PLACES = List.of("/usr/libexec/qemu-kvm");

  /** Nix profiles' binary directories below the root, before the user's own. */
  static final List<String> NIX_PROFILES =
      List.of("/run/current-system/sw/bin", "/nix/var/nix/profiles/default/bin");

  /**
   * This host's locations.
   *
   * @return them, from the environment
   */
  public static BinaryLocations ofHost() {
    return new BinaryLocations(Path.of("/"), Optional.ofNullable(System.getenv("PATH")).orElse(""),
        Optional.ofNullable(System.getProperty("user.home")).filter(h -> !h.isBlank()).map(Path::of),
        Optional.ofNullable(System.getProperty("user.name")).filter(u -> !u.isBlank()));
  }

  /**
   * The places searched for a binary of this name, in order, whether they exist or not.
   *
   * @param name the binary's name, such as {@code virtiofsd}
   * @param wellKnown its own well-known paths, searched last
   * @return the candidate paths
   */
  public List<Path> candidates(String name, List<String> wellKnown) {
    LinkedHashSet<Path> places = new LinkedHashSet<>(pathCandidates(path, name));
    List<String> nix = new ArrayList<>();
    nix.add(NIX_PROFILES.get(0));
    home.ifPresent(h -> nix.add(h.resolve(".nix-profile/bin").toString()));
    user.ifPresent(u -> nix.add("/etc/profiles/per-user/" + u + "/bin"));
    nix.addAll(NIX_PROFILES.subList(1, NIX_PROFILES.size()));
    nix.forEach(dir -> places.add(under(dir).resolve(name)));
    wellKnown.forEach(place -> places.add(under(place)));
    return List.copyOf(places);
  }

  /**
   * The first executable of this name on {@code PATH} alone ({@code /usr/bin:/bin} when it is
   * unset), for binaries that are run by name, as the process guard runs {@code setsid} and
   * {@code setpriv}: a Nix profile off {@code PATH} would not be found when they run.
   *
   * @param name the binary's name
   * @return it, if any
   */
  public Optional<Path> findOnPath(String name) {
    return firstExecutable(pathCandidates(path.isEmpty() ? "/usr/bin:/bin" : path, name));
  }

  /**
   * The first candidate that is an executable file.
   *
   * @param name the binary's name
   * @param wellKnown its own well-known paths, searched last
   * @return it, if any
   */
  public Optional<Path> find(String name, List<String> wellKnown) {
    return firstExecutable(candidates(name, wellKnown));
  }

  /** The absolute directories of a PATH value, in order, each with the name appended. */
  private List<Path> pathCandidates(String pathValue, String name) {
    List<Path> places = new ArrayList<>();
    for (String dir : pathValue.split(File.pathSeparator)) {
      if (!dir.isEmpty() && dir.startsWith("/")) {
        places.add(under(dir).resolve(name));
      }
    }
    return places;
  }

  private static Optional<Path> firstExecutable(List<Path> candidates) {
    return candidates.stream()
        .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
        .findFirst();
  }

  private Path under(String absolute) {
    return root.resolve(absolute.substring(1));
  }
}
