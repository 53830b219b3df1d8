package dev.virtiofs.junit.benchmark;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Guest processes and ports, each figure next to the same through sshj: a started process's time
 * to first byte, stdout throughput, and a guest httpd reached through {@code hostPort} (connection
 * time, request rate) or through an SSH direct-tcpip channel.
 */
@VirtioFsVm
@Disabled("Run by Benchmark")
class ProcessesInside {

  private static final int RUNS = 20;
  private static final int STDOUT_BYTES = 64 << 20;
  private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void measures(Guest guest, SSHClient ssh) throws IOException {
    List<Long> first = new ArrayList<>();
    List<Long> firstSshj = new ArrayList<>();
    for (int i = 0; i < RUNS + 5; i++) {
      long agent = firstByte(guest);
      long sshj = firstByteSshj(ssh);
      if (i >= 5) { // after a warm-up
        first.add(agent);
        firstSshj.add(sshj);
      }
    }
    Benchmark.INSIDE.put("startFirstByteUs", Benchmark.stats(first));
    Benchmark.INSIDE.put("sshjFirstByteUs", Benchmark.stats(firstSshj));
    String command = "head -c " + STDOUT_BYTES + " /dev/zero";
    try (GuestProcess process = guest.start(command)) {
      Benchmark.INSIDE.put("startStdout64MiBMBps", rate(process.stdout()));
    }
    try (Session session = ssh.startSession()) {
      Benchmark.INSIDE.put("sshjStdout64MiBMBps", rate(session.exec(command).getInputStream()));
    }
    guest.exec("mkdir -p /tmp/www && echo hello > /tmp/www/index.html");
    try (GuestProcess httpd = guest.start("exec busybox httpd -f -p 8080 -h /tmp/www")) {
      guest.waitForPort(8080, Duration.ofSeconds(30));
      measurePorts(guest.hostPort(8080), ssh);
      if (!httpd.isAlive()) {
        throw new IllegalStateException("the guest's httpd ended during the measurement");
      }
    }
  }

  private static void measurePorts(int port, SSHClient ssh) throws IOException {
    List<Long> connect = new ArrayList<>();
    List<Long> connectSshj = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      connect.add((System.nanoTime() - start) / 1000);
      socket.close();
      start = System.nanoTime();
      DirectConnection channel = ssh.newDirectConnection("127.0.0.1", 8080);
      connectSshj.add((System.nanoTime() - start) / 1000);
      channel.close();
    }
    Benchmark.INSIDE.put("hostPortConnectUs", Benchmark.stats(connect));
    Benchmark.INSIDE.put("sshjDirectConnectUs", Benchmark.stats(connectSshj));
    long start = System.nanoTime();
    for (int i = 0; i < RUNS * 5; i++) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        request(socket.getOutputStream(), socket.getInputStream());
      }
    }
    Benchmark.INSIDE.put("hostPortRequestsPerSec", RUNS * 5 * 1_000_000_000L / (System.nanoTime() - start));
    start = System.nanoTime();
    for (int i = 0; i < RUNS * 5; i++) {
      try (DirectConnection channel = ssh.newDirectConnection("127.0.0.1", 8080)) {
        request(channel.getOutputStream(), channel.getInputStream());
      }
    }
    Benchmark.INSIDE.put("sshjDirectRequestsPerSec", RUNS * 5 * 1_000_000_000L / (System.nanoTime() - start));
  }

  private static void request(OutputStream out, InputStream in) throws IOException {
    out.write(REQUEST);
    out.flush();
    if (!new String(in.readAllBytes(), StandardCharsets.US_ASCII).endsWith("hello\n")) {
      throw new IllegalStateException("the guest's httpd did not answer with its page");
    }
  }

  private static long firstByte(Guest guest) throws IOException {
    long start = System.nanoTime();
    try (GuestProcess process = guest.start("echo x")) {
      process.stdout().read();
      return (System.nanoTime() - start) / 1000;
    }
  }

  private static long firstByteSshj(SSHClient ssh) throws IOException {
    long start = System.nanoTime();
    try (Session session = ssh.startSession()) {
      session.exec("echo x").getInputStream().read();
      return (System.nanoTime() - start) / 1000;
    }
  }

  private static long rate(InputStream in) throws IOException {
    long start = System.nanoTime();
    byte[] buffer = new byte[256 * 1024];
    long bytes = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      bytes += n;
    }
    if (bytes != STDOUT_BYTES) {
      throw new IllegalStateException("read " + bytes + " bytes of " + STDOUT_BYTES);
    }
    return bytes * 1000L / Math.max(1, System.nanoTime() - start); // bytes per ns * 1000: MB/s
  }
}
