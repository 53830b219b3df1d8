package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The sharing path's resource faults: a full share (a tmpfs of 8 MiB) and a daemon out of file
 * descriptors (an open-file limit of 1024), one share per cache mode. Run by {@link ShareFaultsIT}.
 */
@VirtioFsVm(shareSizeLimitMiB = 8, shareOpenFileLimit = 1024)
@Share(tag = "always", mountPoint = "/mnt/always", cache = "always", sizeLimitMiB = 8, openFileLimit = 1024)
@Share(tag = "never", mountPoint = "/mnt/never", cache = "never", sizeLimitMiB = 8, openFileLimit = 1024)
@Disabled("Run by ShareFaultsIT")
class ShareLimitFaultsTestCase {

  static final FaultTable TABLE = new FaultTable();
  static final int FILES = 1500;

  @Test
  void aFullShare(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    Map<String, String> fill = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    for (String cache : FaultTable.CACHES) {
      String mp = faults.mountPoint(cache);
      fill.put(cache, "dd if=/dev/zero of=" + mp + "/big bs=1M count=16 2>&1 >/dev/null | grep -v records >&2;"
          + " s=$?; sync; exit $((1 - s))");
      after.put(cache, "rm " + mp + "/big && echo after > " + mp + "/written");
    }
    FaultProbe.all(guest, fill, Duration.ofSeconds(60)).forEach((cache, outcome) ->
        TABLE.record("share full (8 MiB): write 16 MiB", cache, outcome.word()));
    faults.hostDirs().forEach((cache, dir) -> assertThat(dir.resolve("big").toFile().length())
        .as(cache).isLessThanOrEqualTo(8L << 20));
    FaultProbe.all(guest, after, Duration.ofSeconds(30)).forEach((cache, outcome) ->
        TABLE.record("share full: delete the big file, write again", cache, outcome.word()));
    faults.hostDirs().forEach((cache, dir) -> assertThat(dir.resolve("written")).as(cache).hasContent("after"));
  }

  @Test
  void aDaemonOutOfFileDescriptors(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    Map<String, String> create = new LinkedHashMap<>();
    for (String cache : FaultTable.CACHES) {
      create.put(cache, "cd " + faults.mountPoint(cache) + " && i=0; while [ $i -lt " + FILES + " ]; do"
          + " echo x > f$i || { echo \"at file $i\"; exit 1; }; i=$((i + 1)); done");
    }
    FaultProbe.all(guest, create, Duration.ofSeconds(60)).forEach((cache, outcome) -> {
      TABLE.record("open-file limit 1024: create " + FILES + " files", cache, outcome.word());
      TABLE.timing("open-file limit, " + cache + ": " + outcome.word() + " " + outcome.stdout().strip());
    });
    for (String cache : FaultTable.CACHES) {
      TABLE.record("open-file limit 1024: the daemon after that", cache,
          guest.shareDaemon(ShareFaults.TAGS.get(cache)).isAlive() ? "runs" : "exited");
    }
    guest.dropCaches(); // the guest forgets the inodes, and the daemon closes their descriptors
    Map<String, String> again = new LinkedHashMap<>();
    for (String cache : FaultTable.CACHES) {
      again.put(cache, "echo after > " + faults.mountPoint(cache) + "/written");
    }
    FaultProbe.all(guest, again, FaultProbe.HANG).forEach((cache, outcome) ->
        TABLE.record("open-file limit 1024: write after the guest dropped its caches", cache, outcome.word()));
  }
}
