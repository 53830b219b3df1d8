package dev.virtiofs.junit.internal.ssh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/**
 * The key the host logs in to a guest with: a fresh ECDSA P-256 pair for each VM.
 *
 * @param pair the key pair
 */
public record ClientKey(KeyPair pair) {

  /**
   * Makes a fresh key.
   *
   * @return the key
   */
  public static ClientKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new ClientKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make ECDSA P-256 keys", e);
    }
  }

  /**
   * The private key as PEM (PKCS#8), which OpenSSH's {@code ssh -i} and sshj read.
   *
   * @return the PEM text
   */
  public String privateKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * The public key as a line of {@code authorized_keys}.
   *
   * @return {@code ecdsa-sha2-nistp256 AAAA... virtiofs-junit}
   */
  public String authorizedKeysLine() {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(pair.getPublic()).getCompactData();
    return "ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(blob) + " virtiofs-junit\n";
  }
}
