package dev.virtiofs.junit.internal.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A cpio archive in the {@code newc} format the kernel unpacks an initramfs from: directories and
 * regular files, owned by root. Appended to another archive, its files join (or replace) that
 * one's, as the kernel unpacks concatenated archives in turn.
 */
final class Cpio {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Set<String> directories = new LinkedHashSet<>();
  private int inode = 1;

  /**
   * Adds a file, and the directories above it that are not there yet.
   *
   * @param path its path, relative, with {@code /} between names
   * @param content its bytes
   * @return this archive
   */
  Cpio file(String path, byte[] content) {
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      directory(path.substring(0, slash));
    }
    entry(path, 0100644, content);
    return this;
  }

  private void directory(String path) {
    if (directories.contains(path)) {
      return;
    }
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      directory(path.substring(0, slash));
    }
    directories.add(path);
    entry(path, 040755, new byte[0]);
  }

  /**
   * The archive, with its trailer.
   *
   * @return the bytes
   */
  byte[] toBytes() {
    entry("TRAILER!!!", 0, new byte[0]);
    return out.toByteArray();
  }

  private void entry(String name, int mode, byte[] content) {
    byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder("070701");
    int[] fields = {name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, mode == 040755 ? 2 : 1, 0,
        content.length, 0, 0, 0, 0, nameBytes.length, 0};
    for (int field : fields) {
      header.append(String.format("%08x", field));
    }
    out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(nameBytes);
    pad();
    out.writeBytes(content);
    pad();
  }

  private void pad() {
    while (out.size() % 4 != 0) {
      out.write(0);
    }
  }
}
