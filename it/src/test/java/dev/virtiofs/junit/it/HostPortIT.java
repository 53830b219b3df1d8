package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guest.hostPort and waitForPort: busybox httpd in the guest, fetched from the test. */
@VirtioFsVm(memoryMiB = 256)
class HostPortIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static GuestProcess httpd;

  @BeforeAll
  static void startHttpd(Guest guest) {
    guest.exec("mkdir -p /tmp/www && echo 'hello from the guest' > /tmp/www/index.html"
        + " && head -c 1048576 /dev/urandom > /tmp/www/big.bin");
    httpd = guest.start("exec busybox httpd -f -p 8080 -h /tmp/www");
    guest.waitForPort(8080, WAIT);
  }

  @AfterAll
  static void stopHttpd() {
    httpd.close();
  }

  @Test
  void aGuestServerIsFetchedFromTheTest(Guest guest) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello from the guest\n");
  }

  @Test
  void manyConnectionsAtOnceEachGetTheWholeAnswer(Guest guest) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String sum = guest.exec("sha256sum /tmp/www/big.bin").stdout().split(" ")[0];
    URI uri = URI.create("http://127.0.0.1:" + guest.hostPort(8080) + "/big.bin");
    List<CompletableFuture<HttpResponse<byte[]>>> fetches = IntStream.range(0, 12)
        .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray()))
        .toList();
    for (CompletableFuture<HttpResponse<byte[]>> fetch : fetches) {
      HttpResponse<byte[]> response = fetch.join();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(sha256(response.body())).isEqualTo(sum);
    }
  }

  @Test
  void theSamePortForEveryCallAndAnotherForAnotherGuestPort(Guest guest) {
    int port = guest.hostPort(8080);
    List<Integer> ports = IntStream.range(0, 8).parallel().mapToObj(i -> guest.hostPort(8080)).toList();
    assertThat(ports).containsOnly(port);
    assertThat(guest.hostPort(8090)).isNotEqualTo(port).isPositive();
  }

  @Test
  void theForwardListensOnLoopbackOnly(Guest guest) throws IOException {
    int port = guest.hostPort(8080);
    Optional<InetAddress> other = NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      assertThat(socket.isConnected()).isTrue();
    }
    if (other.isPresent()) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(other.get(), port), 5000);
        }
      }).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void waitingForAServerThatListensOnLoopbackOnlySaysWhyItCannotBeReached(Guest guest) {
    try (GuestProcess local = guest.start("exec busybox httpd -f -p 127.0.0.1:8081 -h /tmp/www")) {
      assertThatThrownBy(() -> guest.waitForPort(8081, WAIT))
          .isInstanceOf(GuestException.class)
          .hasMessageStartingWith("Guest TCP port [8081] listens on loopback only (127.0.0.1 or ::1)");
      assertThat(local.isAlive()).isTrue();
    }
  }

  @Test
  void waitingForAPortNobodyListensOnTimesOut(Guest guest) {
    assertThatThrownBy(() -> guest.waitForPort(8099, Duration.ofMillis(500)))
        .isInstanceOf(GuestException.class)
        .hasMessageStartingWith("Nothing listens on guest TCP port [8099] after 500 ms");
  }

  @Test
  void aBadPortNamesTheRule(Guest guest) {
    assertThatThrownBy(() -> guest.hostPort(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Guest port [70000] is not a TCP port; pass a port from 1 to 65535");
  }

  private static String sha256(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
