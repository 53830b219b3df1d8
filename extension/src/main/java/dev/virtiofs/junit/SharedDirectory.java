package dev.virtiofs.junit;

import java.nio.file.Path;

/**
 * One directory shared into a guest, as {@link Guest#share(String)} describes it.
 *
 * @param tag the virtio-fs tag
 * @param hostDir the host directory
 * @param mountPoint where the guest mounts it
 * @param readOnly whether the guest mounts it read-only
 * @since 0.1.0
 */
public record SharedDirectory(String tag, Path hostDir, String mountPoint, boolean readOnly) {}
