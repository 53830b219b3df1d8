package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * Where a migration (a snapshot being saved or restored) stands, from QMP {@code query-migrate}.
 *
 * @param status QEMU's status, such as {@code setup}, {@code active}, {@code completed} or {@code
 *     failed}; {@code none} before any migration
 * @param error QEMU's reason, once it failed
 */
record MigrationStatus(String status, Optional<String> error) {

  /** What {@code query-migrate} reports before any migration: no status at all. */
  static final MigrationStatus NONE = new MigrationStatus("none", Optional.empty());

  /**
   * Reads the return value of {@code query-migrate}.
   *
   * @param returned the value
   * @return the status, {@link #NONE} when the value has none
   */
  static MigrationStatus of(JsonElement returned) {
    if (!returned.isJsonObject()) {
      return NONE;
    }
    JsonObject object = returned.getAsJsonObject();
    return new MigrationStatus(text(object, "status").orElse("none"), text(object, "error-desc"));
  }

  /**
   * A migration that failed for a reason of ours (QEMU exited, say).
   *
   * @param reason why
   * @return the status
   */
  static MigrationStatus failed(String reason) {
    return new MigrationStatus("failed", Optional.of(reason));
  }

  /**
   * Tells whether the migration is over, one way or another.
   *
   * @return {@code true} once it completed, failed or was cancelled
   */
  boolean ended() {
    return completed() || status.equals("failed") || status.equals("cancelled");
  }

  /**
   * Tells whether the migration succeeded.
   *
   * @return {@code true} once it completed
   */
  boolean completed() {
    return status.equals("completed");
  }

  /** The status, and the reason after a colon if there is one: {@code failed: REASON}. */
  @Override
  public String toString() {
    return status + error.map(reason -> ": " + reason).orElse("");
  }

  private static Optional<String> text(JsonObject object, String name) {
    JsonElement member = object.get(name);
    return member != null && member.isJsonPrimitive()
        ? Optional.of(member.getAsString())
        : Optional.empty();
  }
}
