package dev.virtiofs.junit.internal.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;

/**
 * The guest's SSH host key, made on the host for each VM so that the client can pin it: an Ed25519
 * key, written in the key file format of dropbear (the guest's SSH server).
 *
 * @param dropbearKeyFile the private key as dropbear reads it with {@code -r}
 * @param publicKeyBlob the public key in SSH wire format, as the server presents it
 */
public record GuestHostKey(byte[] dropbearKeyFile, byte[] publicKeyBlob) {

  static final String ALGORITHM = "ssh-ed25519";

  /**
   * Makes a fresh key.
   *
   * @return the key
   */
  public static GuestHostKey generate() {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
    }
    // PKCS#8 and X.509 encodings of Ed25519 keys end with the raw 32-byte seed and public key.
    byte[] seed = tail(pair.getPrivate().getEncoded());
    byte[] pub = tail(pair.getPublic().getEncoded());
    byte[] file =
        new SshWire().string(ALGORITHM).uint32(64).raw(seed).raw(pub).toByteArray();
    byte[] blob = new SshWire().string(ALGORITHM).string(pub).toByteArray();
    return new GuestHostKey(file, blob);
  }

  /**
   * The line of a {@code known_hosts} file that pins this key for a forwarded port.
   *
   * @param port the port on 127.0.0.1
   * @return the line
   */
  public String knownHostsLine(int port) {
    return "[127.0.0.1]:" + port + " " + ALGORITHM + " "
        + java.util.Base64.getEncoder().encodeToString(publicKeyBlob) + "\n";
  }

  private static byte[] tail(byte[] encoded) {
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }
}
