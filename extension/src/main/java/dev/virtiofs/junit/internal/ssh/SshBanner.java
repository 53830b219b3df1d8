package dev.virtiofs.junit.internal.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Tells whether an SSH server answers: it does when its {@code SSH-2.0} banner can be read. A TCP
 * connect alone proves nothing here, since QEMU's user-mode network accepts connections to the
 * forwarded port before the guest listens.
 */
public final class SshBanner {

  private static final int TIMEOUT_MILLIS = 500;

  private SshBanner() {}

  /**
   * Tries once to read the banner on 127.0.0.1.
   *
   * @param port the forwarded port
   * @return {@code true} when an {@code SSH-2.0} banner was read
   */
  public static boolean readable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      byte[] banner = new byte[8];
      int read = in.readNBytes(banner, 0, banner.length);
      return new String(banner, 0, read, StandardCharsets.US_ASCII).startsWith("SSH-2.0");
    } catch (IOException e) {
      return false;
    }
  }
}
