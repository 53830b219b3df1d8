package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Rust virtiofsd's fourth cache mode, {@code metadata}: attributes and directory entries are
 * cached as {@code always} caches them, file contents are not. What a guest sees of the host's
 * changes, at once and once its caches are dropped, for the three changes {@code CoherenceIT}
 * makes; each cell asserted. Rust daemon only (the C one refuses the mode: {@code PermissionsIT}).
 */
@VirtioFsVm(cache = "metadata")
class MetadataCacheIT {

  static final Map<String, String> SEEN = new LinkedHashMap<>();

  @Test
  void hostReplacesAFile(Guest guest) throws IOException {
    SharedDirectory share = guest.share("share0");
    Path file = Files.writeString(share.hostDir().resolve("replaced"), "old\n");
    String cat = "cat " + share.mountPoint() + "/replaced";
    guest.exec(cat);

    Path next = Files.writeString(share.hostDir().resolve("replaced.next"), "new\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    record("replace", guest, cat);
    assertThat(SEEN.get("replace")).isEqualTo("old | new");
  }

  @Test
  void hostTruncatesAFile(Guest guest) throws IOException {
    SharedDirectory share = guest.share("share0");
    Path file = Files.writeString(share.hostDir().resolve("truncated"), "0123456789\n");
    String cat = "cat " + share.mountPoint() + "/truncated";
    guest.exec(cat);

    try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
      channel.truncate(4);
    }

    record("truncate", guest, cat);
    assertThat(SEEN.get("truncate")).isEqualTo("0123 | 0123");
  }

  @Test
  void hostRenamesAFile(Guest guest) throws IOException {
    SharedDirectory share = guest.share("share0");
    Path file = Files.writeString(share.hostDir().resolve("renamed"), "moved\n");
    String ls = "ls " + share.mountPoint() + " | grep renamed";
    guest.exec(ls);

    Files.move(file, share.hostDir().resolve("renamed.new"));

    record("rename", guest, ls);
    assertThat(SEEN.get("rename")).isEqualTo("renamed.new | renamed.new");
  }

  @AfterAll
  static void print() {
    StringBuilder table = new StringBuilder("cache=metadata, what a new command sees: at once | caches dropped");
    SEEN.forEach((change, seen) -> table.append("\n  ").append(change).append(": ").append(seen));
    System.out.println(table);
  }

  private static void record(String change, Guest guest, String command) {
    String now = guest.exec(command).stdout().strip();
    guest.dropCaches();
    String dropped = guest.exec(command).stdout().strip();
    SEEN.put(change, now.replace('\n', ' ') + " | " + dropped.replace('\n', ' '));
  }
}
