package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Guest.start: streaming stdin and output, back-pressure, lines, signals, process groups. */
@VirtioFsVm(memoryMiB = 256)
class GuestProcessIT {

  private static final Duration LONG = Duration.ofSeconds(120);

  @Test
  void catEchoesEachLineBeforeTheNextIsWritten(Guest guest) throws IOException {
    try (GuestProcess cat = guest.start("cat")) {
      BufferedReader out = new BufferedReader(new InputStreamReader(cat.stdout(), StandardCharsets.UTF_8));
      OutputStream in = cat.stdin();
      for (int i = 0; i < 50; i++) {
        in.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertThat(out.readLine()).isEqualTo("line " + i); // answered while stdin stays open
      }
      in.close();
      assertThat(out.readLine()).isNull();
      assertThat(cat.waitFor(LONG)).hasValue(0);
    }
  }

  @Test
  void stdinLargerThanTheWindowArrivesWhole(Guest guest) throws Exception {
    byte[] data = new byte[5 << 20];
    new java.util.Random(14).nextBytes(data);
    try (GuestProcess sum = guest.start("sha256sum")) {
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(sum.stdout()));
      sum.stdin().write(data);
      sum.stdin().close();
      assertThat(out.get()).startsWith(sha256(data) + " ");
      assertThat(sum.waitFor(LONG)).hasValue(0);
    }
  }

  @Test
  void execFeedsStdinAndEndsIt(Guest guest) throws Exception {
    byte[] data = "three\none\ntwo\n".getBytes(StandardCharsets.UTF_8);
    ExecResult sorted = guest.exec("sort", data);
    assertThat(sorted.exitCode()).isZero();
    assertThat(sorted.stdout()).isEqualTo("one\nthree\ntwo\n");
  }

  @Test
  void twoHundredFiftySixMebibytesArriveWholeAndInOrder(Guest guest) throws Exception {
    String command = "yes virtiofs-junit | head -c 268435456";
    String inGuest = guest.exec(command + " | sha256sum", LONG).stdout().split(" ")[0];
    try (GuestProcess yes = guest.start(command)) {
      long start = System.nanoTime();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long bytes = 0;
      long firstByte = -1;
      byte[] buffer = new byte[256 * 1024];
      InputStream out = yes.stdout();
      for (int n; (n = out.read(buffer)) >= 0; ) {
        if (firstByte < 0) {
          firstByte = System.nanoTime() - start;
        }
        digest.update(buffer, 0, n);
        bytes += n;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("GuestProcessIT: 256 MiB of stdout in %.2f s: %.1f MiB/s (first byte after %.1f ms)%n",
          seconds, bytes / seconds / (1 << 20), firstByte / 1e6);
      long generate = System.nanoTime();
      guest.exec(command + " > /dev/null", LONG);
      double alone = (System.nanoTime() - generate) / 1e9;
      long collect = System.nanoTime();
      guest.exec("head -c 67108864 /dev/zero", LONG);
      double exec = (System.nanoTime() - collect) / 1e9;
      System.out.printf("GuestProcessIT: the guest alone writes it at %.1f MiB/s; exec collects 64 MiB at %.1f MiB/s%n",
          256 / alone, 64 / exec);
      assertThat(bytes).isEqualTo(268435456L);
      assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(inGuest);
      assertThat(yes.waitFor(LONG)).hasValue(0);
    }
  }

  @Test
  void aReaderThatDoesNotReadHoldsTheCommandBackAndLosesNothing(Guest guest) throws Exception {
    guest.exec("rm -f /tmp/written");
    try (GuestProcess writer = guest.start("head -c 8388608 /dev/urandom | tee /tmp/sent; touch /tmp/written")) {
      // 8 MiB against a 1 MiB window: the command cannot finish while nobody reads
      assertThat(writer.waitFor(Duration.ofSeconds(3))).isEmpty();
      assertThat(guest.exec("test -e /tmp/written").exitCode()).isNotZero();
      assertThat(writer.stdout().available()).isLessThanOrEqualTo((1 << 20) + (128 << 10));

      byte[] received = writer.stdout().readAllBytes();
      assertThat(writer.waitFor(LONG)).hasValue(0);
      assertThat(received).hasSize(8 << 20);
      assertThat(sha256(received)).isEqualTo(guest.exec("sha256sum /tmp/sent").stdout().split(" ")[0]);
    }
  }

  @Test
  void thousandsOfShortLinesArriveAsLinesInOrder(Guest guest) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (GuestProcess seq = guest.start("seq 1 20000").onStdout(lines::add)) {
      assertThat(seq.waitFor(LONG)).hasValue(0);
    }
    assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 20000).mapToObj(Integer::toString).toList());
  }

  @Test
  void stdoutAndStderrAreKeptApartPerStream(Guest guest) {
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();
    try (GuestProcess both = guest.start("for i in $(seq 1 500); do echo out$i; echo err$i >&2; done")
        .onStdout(out::add).onStderr(err::add)) {
      assertThat(both.waitFor(LONG)).hasValue(0);
    }
    assertThat(out).containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(i -> "out" + i).toList());
    assertThat(err).containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(i -> "err" + i).toList());
  }

  @Test
  void aStreamIsReadOneWayOnly(Guest guest) {
    try (GuestProcess seq = guest.start("seq 1 3").onStdout(line -> { })) {
      assertThatThrownBy(seq::stdout)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("The stdout of guest process [seq 1 3] is taken already (by a line consumer)");
    }
  }

  @Test
  void closeKillsTheCommandWithEveryProcessItStarted(Guest guest) throws IOException {
    GuestProcess parent = guest.start("sleep 1001 & sleep 1002 & echo started; wait");
    BufferedReader out = new BufferedReader(new InputStreamReader(parent.stdout(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("started");
    guest.waitUntilSucceeds("test $(ps -o args | grep -c '^sleep 100[12]$') = 2", Duration.ofSeconds(10));

    parent.close();

    assertThat(parent.isAlive()).isFalse();
    guest.waitUntilSucceeds("! ps -o stat,args | grep -v '^Z' | grep -q ' sleep 100[12]$'", Duration.ofSeconds(10));
  }

  @Test
  void closeKillsWhatTheCommandLeftAfterItExited(Guest guest) {
    GuestProcess starter = guest.start("sleep 1003 >/dev/null 2>&1 &");
    assertThat(starter.waitFor(LONG)).hasValue(0);
    assertThat(guest.exec("ps -o args | grep -c '^sleep 1003$'").stdout().strip()).isEqualTo("1");

    starter.close();

    guest.waitUntilSucceeds("! ps -o stat,args | grep -v '^Z' | grep -q ' sleep 1003$'", Duration.ofSeconds(10));
  }

  @Test
  void signalsReachTheCommandAndItsStatusSaysWhich(Guest guest) {
    try (GuestProcess sleeper = guest.start("exec sleep 1000")) {
      assertThat(sleeper.isAlive()).isTrue();
      sleeper.signal(15);
      assertThat(sleeper.waitFor(LONG)).hasValue(128 + 15);
      assertThat(sleeper.isAlive()).isFalse();
    }
    try (GuestProcess sleeper = guest.start("exec sleep 1000")) {
      sleeper.kill();
      assertThat(sleeper.waitFor(LONG)).hasValue(128 + 9);
    }
  }

  @Test
  void exitStatusOfACommandThatFails(Guest guest) {
    try (GuestProcess failing = guest.start("echo bye >&2; exit 7")) {
      List<String> err = new CopyOnWriteArrayList<>();
      failing.onStderr(err::add);
      assertThat(failing.waitFor(LONG)).isEqualTo(OptionalInt.of(7));
      assertThat(err).containsExactly("bye");
    }
  }

  @Test
  void manyProcessesFromSeveralThreadsAtOnce(Guest guest) {
    List<CompletableFuture<List<String>>> runs = IntStream.range(0, 8)
        .mapToObj(t -> CompletableFuture.supplyAsync(() -> {
          List<String> lines = new CopyOnWriteArrayList<>();
          try (GuestProcess process = guest.start("seq 1 3000 | sed s/^/t" + t + "-/").onStdout(lines::add)) {
            assertThat(process.waitFor(LONG)).hasValue(0);
          }
          return lines;
        }))
        .toList();
    for (int t = 0; t < runs.size(); t++) {
      int thread = t;
      assertThat(runs.get(t).join())
          .containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(i -> "t" + thread + "-" + i).toList());
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
