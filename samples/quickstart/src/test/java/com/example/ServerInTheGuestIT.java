package com.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's processes and ports, as a user writes them: a server in the guest, lines streamed, stdin fed. */
@VirtioFsVm
class ServerInTheGuestIT {

  @Test
  void servesAPage(Guest guest) throws Exception {
    guest.exec("mkdir -p /srv && echo hello > /srv/index.html");
    try (GuestProcess httpd = guest.start("exec busybox httpd -f -p 8080 -h /srv")) {
      httpd.onStderr(line -> System.err.println("httpd: " + line));
      guest.waitForPort(8080, Duration.ofSeconds(10));            // a listener in the guest, by /proc/net/tcp
      URI page = URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/");
      assertEquals("hello\n", HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } // close(): httpd and everything it started are killed
  }

  @Test
  void streamsLines(Guest guest) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (GuestProcess seq = guest.start("seq 1 20000").onStdout(lines::add)) {
      assertEquals(OptionalInt.of(0), seq.waitFor(Duration.ofSeconds(60)));  // every line delivered by then
    }
    assertEquals(20000, lines.size());
    assertEquals(List.of("1", "2"), lines.subList(0, 2));
  }

  @Test
  void feedsStdin(Guest guest) throws IOException {
    assertEquals("a\nb\n", guest.exec("sort", "b\na\n".getBytes(UTF_8)).stdout());
    try (GuestProcess cat = guest.start("cat")) {
      cat.stdin().write("ping\n".getBytes(UTF_8));
      cat.stdin().close();                                             // end of file
      assertEquals("ping\n", new String(cat.stdout().readAllBytes(), UTF_8));
    }
  }
}
