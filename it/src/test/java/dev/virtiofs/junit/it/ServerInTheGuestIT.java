package dev.virtiofs.junit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's example of processes and ports, as a user writes it. */
@VirtioFsVm
class ServerInTheGuestIT {

  @Test
  void servesAPage(Guest guest) throws Exception {
    guest.exec("mkdir -p /srv && echo hello > /srv/index.html");
    try (GuestProcess httpd = guest.start("exec busybox httpd -f -p 8080 -h /srv")) {
      httpd.onStderr(line -> System.err.println("httpd: " + line));
      guest.waitForPort(8080, Duration.ofSeconds(10));          // a listener in the guest, by /proc/net/tcp
      URI page = URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/");
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello\n");
    } // close(): httpd and everything it started are killed
  }

  @Test
  void streamsLines(Guest guest) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (GuestProcess seq = guest.start("seq 1 20000").onStdout(lines::add)) {
      assertThat(seq.waitFor(Duration.ofSeconds(60))).hasValue(0);   // every line delivered by then
    }
    assertThat(lines).hasSize(20000).startsWith("1", "2");
  }

  @Test
  void feedsStdin(Guest guest) throws IOException {
    assertThat(guest.exec("sort", "b\na\n".getBytes(UTF_8)).stdout()).isEqualTo("a\nb\n");
    try (GuestProcess cat = guest.start("cat")) {
      cat.stdin().write("ping\n".getBytes(UTF_8));
      cat.stdin().close();                                           // end of file
      assertThat(cat.stdout().readAllBytes()).asString(UTF_8).isEqualTo("ping\n");
    }
  }
}
