package dev.virtiofs.junit.internal.virtiofsd;

import dev.virtiofs.junit.internal.config.ShareSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds virtiofsd's command line for one share; each flavour gets its own flags.
 *
 * <p>The sandbox is the strongest the user can have: as root, both daemons use their namespace
 * sandbox (mount, pid and network namespaces, pivot_root into the share) and seccomp. As another
 * user, the Rust daemon runs with {@code --sandbox none} (no namespaces: it can then see the
 * host's file system like any process of that user); the C daemon needs root.
 */
public final class VirtiofsdCommandLine {

  private VirtiofsdCommandLine() {}

  /**
   * The command line.
   *
   * @param binary the daemon
   * @param share the share it serves (its host directory must be set)
   * @param sharedDir the host directory of the share
   * @param socket the vhost-user socket it listens on
   * @param root whether it runs as root
   * @param debug whether it logs every request
   * @param killPrivV2 whether it clears setuid and setgid bits as the host does (else its default)
   * @return the command line
   */
  public static List<String> of(
      VirtiofsdBinary binary,
      ShareSpec share,
      Path sharedDir,
      Path socket,
      boolean root,
      boolean debug,
      boolean killPrivV2) {
    List<String> command = new ArrayList<>();
    command.add(binary.path().toString());
    if (binary.flavour() == VirtiofsdFlavour.RUST) {
      rust(command, share, sharedDir, socket, root, debug);
      if (killPrivV2) {
        command.add("--killpriv-v2");
      }
    } else {
      legacyC(command, share, sharedDir, socket, debug);
      if (killPrivV2) {
        command.add("-o");
        command.add("killpriv_v2");
      }
    }
    if (share.limits().openFileLimit() > 0) {
      // both flavours take it; the Rust daemon otherwise raises its limit to the host's maximum
      command.add("--rlimit-nofile=" + share.limits().openFileLimit());
    }
    return List.copyOf(command);
  }

  /** The Rust virtiofsd's flags. */
  private static void rust(List<String> command, ShareSpec share, Path sharedDir, Path socket, boolean root,
      boolean debug) {
    command.add("--socket-path=" + socket);
    command.add("--shared-dir=" + sharedDir);
    command.add("--cache=" + share.cache());
    command.add("--sandbox=" + (!root ? "none" : isFilesystemRoot(sharedDir) ? "chroot" : "namespace"));
    command.add("--log-level=" + (debug ? "debug" : "info"));
    if (share.readOnly()) {
      command.add("--readonly");
    }
    if (isFilesystemRoot(sharedDir)) {
      // announced submounts become automount points in the guest, which overlayfs refuses
      // as a lower layer (EREMOTE): the host's root is one tree
      command.add("--no-announce-submounts");
    }
    if (share.posixAcl()) {
      command.add("--posix-acl");
    } else if (share.xattr()) {
      command.add("--xattr");
    }
  }

  /** The legacy C virtiofsd's flags, most of them -o options. */
  private static void legacyC(List<String> command, ShareSpec share, Path sharedDir, Path socket, boolean debug) {
    command.add("--socket-path=" + socket);
    // -o splits on commas; a directory name with one is refused before this point.
    command.add("-o");
    command.add("source=" + sharedDir);
    command.add("-o");
    command.add("cache=" + (share.cache().equals("never") ? "none" : share.cache()));
    command.add("-o");
    command.add("log_level=" + (debug ? "debug" : "info"));
    if (isFilesystemRoot(sharedDir)) {
      command.add("-o");
      command.add("sandbox=chroot");
    }
    if (share.xattr()) {
      command.add("-o");
      command.add("xattr");
    }
    if (share.posixAcl()) {
      command.add("-o");
      command.add("posix_acl");
    }
  }

  /**
   * The namespace sandbox pivots into the shared directory, which cannot be done when it is the
   * root itself (pivot_root fails with EBUSY): the host's root filesystem is shared with the chroot
   * sandbox instead, which both virtiofsd flavours offer.
   */
  private static boolean isFilesystemRoot(Path dir) {
    return dir.getParent() == null;
  }
}
