package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.sharefaults.ServedShares;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.util.List;

/**
 * What {@link GuestStarter}'s steps made of one guest, and what a {@link RunningGuest} is made
 * from.
 *
 * @param plan what was settled before its processes started
 * @param daemons its first virtiofsd processes, one per share, in the order of the shares
 * @param served the daemons serving the shares now, as tests' faults leave them
 * @param qemu its QEMU
 * @param channels the ways into it
 */
record GuestParts(GuestPlan plan, List<VirtiofsdProcess> daemons, ServedShares served, QemuProcess qemu,
    GuestChannels channels) {

  GuestParts {
    daemons = List.copyOf(daemons);
  }

  /**
   * The shares the class asked for, as tests see them; the host's root of {@code hostUserland}
   * is not among them.
   *
   * @return the shares, in order
   */
  List<SharedDirectory> shares() {
    return plan.hostDirs().entrySet().stream()
        .filter(share -> plan.spec().shares().contains(share.getKey()))
        .map(share -> new SharedDirectory(share.getKey().tag(), share.getValue(), share.getKey().mountPoint(),
            share.getKey().readOnly()))
        .toList();
  }
}
