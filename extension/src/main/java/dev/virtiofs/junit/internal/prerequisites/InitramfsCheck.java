package dev.virtiofs.junit.internal.prerequisites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/** Checks that the initramfs exists and starts like a cpio archive or a compressed one. */
final class InitramfsCheck {

  private static final Map<String, String> MAGIC =
      Map.of(
          "303730373031", "cpio (newc)",
          "303730373032", "cpio (crc)",
          "1f8b", "gzip-compressed",
          "fd377a585a00", "xz-compressed",
          "28b52ffd", "zstd-compressed",
          "02214c18", "lz4-compressed",
          "425a68", "bzip2-compressed",
          "5d0000", "lzma-compressed");
  private static final String FIX =
      "point virtiofs.initramfs at a cpio archive (plain or compressed), or drop it to use the"
          + " image on the classpath";

  private InitramfsCheck() {}

  static Check check(Path initramfs) {
    if (!Files.isRegularFile(initramfs) || !Files.isReadable(initramfs)) {
      return Check.missing("initramfs", "[" + initramfs + "] does not exist or is unreadable", FIX);
    }
    try {
      String head = HexFormat.of().formatHex(Prerequisites.head(initramfs, 6));
      return MAGIC.entrySet().stream()
          .filter(magic -> head.startsWith(magic.getKey()))
          .findFirst()
          .map(magic -> Check.ok("initramfs", initramfs + " (" + magic.getValue() + ")"))
          .orElse(Check.missing("initramfs", "[" + initramfs + "] is not a cpio archive (it starts"
              + " with bytes " + head + ")", FIX));
    } catch (IOException e) {
      return Check.missing("initramfs", "[" + initramfs + "] cannot be read: " + e.getMessage(), FIX);
    }
  }
}
