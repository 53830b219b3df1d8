package dev.virtiofs.junit.internal.prerequisites;

import dev.virtiofs.junit.internal.prerequisites.PrerequisiteReport;

/** Thrown when this host lacks a prerequisite of guests; its message is the report. */
public final class PrerequisitesMissingException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param report the report, with at least one failed check
   */
  public PrerequisitesMissingException(PrerequisiteReport report) {
    super(report.failureMessage());
  }
}
