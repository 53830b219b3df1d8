package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.VirtioFsVm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's processes and ports, in a user's project: a server in the guest, lines streamed. */
@VirtioFsVm
class ServerInTheGuestIT {

  @Test
  void servesAPage(Guest guest) throws Exception {
    guest.exec("mkdir -p /srv && echo hello > /srv/index.html");
    try (GuestProcess httpd = guest.start("exec busybox httpd -f -p 8080 -h /srv")) {
      guest.waitForPort(8080, Duration.ofSeconds(10));
      URI page = URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/");
      assertEquals("hello\n", HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    }
  }

  @Test
  void streamsLines(Guest guest) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (GuestProcess seq = guest.start("seq 1 1000").onStdout(lines::add)) {
      assertEquals(OptionalInt.of(0), seq.waitFor(Duration.ofSeconds(60)));
    }
    assertEquals(1000, lines.size());
    assertEquals("1000", lines.get(999));
  }
}
