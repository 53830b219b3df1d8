package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestKernels;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real filesystem suite none of us wrote, run from inside the guest against the share in each
 * cache mode (and, as every IT, with each virtiofsd flavour): fio's verification jobs and
 * stress-ng's filesystem stressors with --verify, both the host's own binaries through
 * hostUserland. The one failure they find is asserted as such: a shared writable mmap of a file
 * on a cache=never share fails with ENODEV (virtio-fs opens such files for direct I/O, which the
 * page cache cannot map). The README's table comes from these runs.
 */
@VirtioFsVm(hostUserland = true, memoryMiB = 1024)
@Share(tag = "auto", mountPoint = "/mnt/auto", cache = "auto", xattr = true)
@Share(tag = "always", mountPoint = "/mnt/always", cache = "always", xattr = true)
@Share(tag = "never", mountPoint = "/mnt/never", cache = "never", xattr = true)
@GuestKernels({"6.12", "6.1"})
class FilesystemSuiteIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** fio jobs, each writing then reading back and checking every block. */
  private static final Map<String, String> FIO_JOBS = Map.of(
      "sequential", "--rw=write --bs=64k --size=16M --ioengine=psync --verify=crc32c",
      "random-fsync", "--rw=randwrite --bs=4k --size=8M --ioengine=psync --fsync=32 --verify=md5",
      "mmap", "--rw=randwrite --bs=4k --size=8M --ioengine=mmap --verify=crc32c",
      "direct", "--rw=randwrite --bs=4k --size=8M --ioengine=psync --direct=1 --verify=crc32c");

  @ParameterizedTest(name = "fio {1} on cache={0}")
  @CsvSource({
      "auto, sequential", "auto, random-fsync", "auto, mmap", "auto, direct",
      "always, sequential", "always, random-fsync", "always, mmap", "always, direct",
      "never, sequential", "never, random-fsync", "never, direct"})
  void fioVerifiesEveryBlockItWrote(String tag, String job, Guest guest) {
    ExecResult result = fio(guest, tag, job);

    assertThat(result.exitCode()).as("fio %s on cache=%s: %s%s", job, tag, result.stdout(), result.stderr()).isZero();
    assertThat(result.stdout()).contains("err= 0").doesNotContain("verify:");
  }

  @ParameterizedTest(name = "fio mmap on cache={0} fails")
  @ValueSource(strings = "never")
  void aSharedWritableMmapFailsOnACacheNeverShare(String tag, Guest guest) {
    ExecResult result = fio(guest, tag, "mmap");

    assertThat(result.stdout() + result.stderr()).contains("func=mmap, error=No such device");
  }

  @ParameterizedTest(name = "stress-ng filesystem stressors on cache={0}")
  @ValueSource(strings = {"auto", "always", "never"})
  void stressNgFilesystemStressorsVerifyTheirWork(String tag, Guest guest) {
    String dir = guest.share(tag).mountPoint();

    ExecResult result = guest.exec("cd " + dir + " && stress-ng --verify --timeout 2s --temp-path " + dir
        + " --hdd 1 --hdd-bytes 4M --dir 1 --rename 1 --link 1 --symlink 1 --fallocate 1 --fallocate-bytes 4M"
        + " --xattr 1 --lockf 1 --flock 1 --fcntl 1 --dentry 1 --chmod 1 --utime 1 --seek 1 --filename 1"
        + " --mmap 1 --mmap-file --mmap-bytes 4M 2>&1", TIMEOUT);

    // what was skipped (a stressor the filesystem does not support) is part of the report
    result.stdout().lines().filter(line -> line.contains("skipped") || line.contains("completed"))
        .forEach(line -> System.out.println("stress-ng cache=" + tag + ": " + line));
    assertThat(result.exitCode()).as("stress-ng on cache=%s:%n%s", tag, result.stdout()).isZero();
    // newer stress-ng (Debian 13) sums up with "failed: 0": that line says no stressor failed;
    // any other mention of a failure fails the test
    assertThat(result.stdout().replaceAll("(?m)^stress-ng: info: +\\[\\d+\\] failed: 0$", ""))
        .contains("successful run completed").doesNotContain("fail");
  }

  private static ExecResult fio(Guest guest, String tag, String job) {
    return guest.exec("fio --name=" + job + " --directory=" + guest.share(tag).mountPoint() + " "
        + FIO_JOBS.get(job) + " --do_verify=1 --unlink=1", TIMEOUT);
  }
}
