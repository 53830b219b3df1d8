package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsernetForwardsTests {

  // as a busy guest's QEMU writes it
  private static final String USERNET = "Hub -1 (net0):\r\n  Protocol[State]    FD  Source Address  Port   Dest."
      + " Address  Port RecvQ SendQ\r\n  TCP[HOST_FORWARD]  15       127.0.0.1 41837       10.0.2.15  8080     0"
      + "     0\r\n  TCP[ESTABLISHED]   13       127.0.0.1 52012       10.0.2.15    22     0     0\r\n"
      + "  TCP[HOST_FORWARD]  12       127.0.0.1 40123       10.0.2.15    22     0     0\r\n"
      + "  UDP[236 sec]       -1        10.0.2.15 40000         1.1.1.1    53     0     0\r\n";

  @Test
  void findsTheHostPortOfTheForwardToAGuestPort() {
    assertThat(UsernetForwards.hostPort(USERNET, 22)).hasValue(40123);
    assertThat(UsernetForwards.hostPort(USERNET, 8080)).hasValue(41837);
  }

  @Test
  void aGuestPortWithoutForwardHasNone() {
    assertThat(UsernetForwards.hostPort(USERNET, 80)).isEmpty();
    assertThat(UsernetForwards.hostPort(USERNET, 53)).isEmpty();
    assertThat(UsernetForwards.hostPort("", 22)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.virtiofs.junit.internal.qemu.QmpRecording#versions")
  void readsTheForwardsOfARealQemu(String version) {
    String usernet = QmpRecording.of(version, "info-usernet-two-forwards").reply().getAsJsonObject()
        .get("return").getAsString();
    assertThat(UsernetForwards.hostPort(usernet, 22)).isPresent();
    assertThat(UsernetForwards.hostPort(usernet, 8080)).isPresent();
    assertThat(UsernetForwards.hostPort(usernet, 8080)).isNotEqualTo(UsernetForwards.hostPort(usernet, 22));
    assertThat(UsernetForwards.hostPort(usernet, 2222)).isEmpty();
  }
}
