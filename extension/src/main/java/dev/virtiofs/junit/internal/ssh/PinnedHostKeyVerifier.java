package dev.virtiofs.junit.internal.ssh;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/** Accepts exactly one host key, the one made for the guest, and nothing else. */
final class PinnedHostKeyVerifier implements HostKeyVerifier {

  private final byte[] expectedBlob;

  PinnedHostKeyVerifier(byte[] expectedBlob) {
    this.expectedBlob = expectedBlob.clone();
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    byte[] presented = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    return MessageDigest.isEqual(expectedBlob, presented);
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of(GuestHostKey.ALGORITHM);
  }
}
