package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.ssh.ClientKey;
import dev.virtiofs.junit.internal.ssh.GuestHostKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-VM files the guest's init reads from fw_cfg (or {@link GuestConfiguration} uploads to a
 * restored guest): its SSH host key, the client key it authorizes, and {@code guest.conf} (mounts,
 * debug, hostname, userland). They live in the private run
 * directory, so no key ever appears on a command line.
 */
final class GuestFiles {

  static final String FW_CFG_PREFIX = "opt/virtiofs/";

  private GuestFiles() {}

  /** Writes what {@code ssh} needs to log in by hand: the client key and a pinning known_hosts. */
  static void writeSshAccess(Path runDir, ClientKey clientKey, GuestHostKey hostKey, int port) {
    try {
      Path key = runDir.resolve("client_key");
      Files.writeString(key, clientKey.privateKeyPem());
      Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Files.writeString(runDir.resolve("known_hosts"), hostKey.knownHostsLine(port));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the SSH access files in " + runDir, e);
    }
  }

  /** The command that logs in to the guest by hand. */
  static String sshCommand(Path runDir, int port) {
    return String.format("ssh -i %s -o UserKnownHostsFile=%s -o IdentitiesOnly=yes -p %d root@127.0.0.1",
        runDir.resolve("client_key"), runDir.resolve("known_hosts"), port);
  }

  /** The files {@link #write} writes, by fw_cfg name. */
  static Map<String, Path> paths(Path runDir) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : List.of("hostkey", "authorized_keys", "guest.conf")) {
      files.put(FW_CFG_PREFIX + name, runDir.resolve(name));
    }
    return files;
  }

  /** Writes the files and returns them by fw_cfg name ({@link #paths}). */
  static Map<String, Path> write(
      Path runDir,
      GuestHostKey hostKey,
      ClientKey clientKey,
      List<ShareSpec> shares,
      boolean debug,
      String hostname,
      boolean hostUserland,
      boolean pluggedShares) {
    StringBuilder conf = new StringBuilder();
    if (pluggedShares) {
      // a restored guest: QEMU has just plugged the shares' devices in
      conf.append("pci-rescan\n");
    }
    conf.append("hostname ").append(hostname).append('\n');
    conf.append("debug ").append(debug ? "on" : "off").append('\n');
    for (ShareSpec share : shares) {
      conf.append("mount ").append(share.tag()).append(' ').append(share.mountPoint()).append(' ')
          .append(share.guestMountOptions()).append('\n');
    }
    if (hostUserland) {
      // after every mount: the shares are bound into the host's userland at their mount points
      conf.append("userland ").append(VmSpec.HOST_ROOT_MOUNT_POINT).append('\n');
    }
    Map<String, Path> files = paths(runDir);
    try {
      Files.write(files.get(FW_CFG_PREFIX + "hostkey"), hostKey.dropbearKeyFile());
      Files.writeString(files.get(FW_CFG_PREFIX + "authorized_keys"), clientKey.authorizedKeysLine());
      Files.writeString(files.get(FW_CFG_PREFIX + "guest.conf"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the guest's files in " + runDir, e);
    }
    return files;
  }
}
