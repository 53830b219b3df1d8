package dev.virtiofs.junit.internal.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The SSH wire encoding of strings and integers (RFC 4251), for building key blobs and files. */
final class SshWire {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  SshWire uint32(int value) {
    bytes.write(value >>> 24);
    bytes.write(value >>> 16);
    bytes.write(value >>> 8);
    bytes.write(value);
    return this;
  }

  SshWire string(String value) {
    return string(value.getBytes(StandardCharsets.US_ASCII));
  }

  SshWire string(byte[] value) {
    uint32(value.length);
    return raw(value);
  }

  SshWire raw(byte[] value) {
    bytes.write(value, 0, value.length);
    return this;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
