package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import java.lang.System.Logger.Level;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run's settings and host environment, each found once per test run and kept in the root
 * store, failures too, so that every class of a run fails alike and fast.
 */
final class HostDiscovery {

  private static final Namespace NAMESPACE = Namespace.create(HostDiscovery.class);
  private static final String SETTINGS_KEY = "settings";
  private static final String HOST_KEY = "host-environment";
  private static final System.Logger LOGGER = System.getLogger(HostDiscovery.class.getName());

  private HostDiscovery() {}

  /** The host environment; a host or settings that do not do fail the class. */
  static HostEnvironment host(ExtensionContext context) {
    Object found = hostOrError(context);
    if (found instanceof RuntimeException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
    return (HostEnvironment) found;
  }

  /** The settings, or the error a malformed one gives. */
  static Object settingsOrError(ExtensionContext context) {
    return root(context).getOrComputeIfAbsent(SETTINGS_KEY, key -> {
      try {
        return Settings.from(context::getConfigurationParameter);
      } catch (IllegalArgumentException e) {
        return e;
      }
    });
  }

  /** The host environment, or the exception that discovering it threw. */
  static Object hostOrError(ExtensionContext context) {
    Object settings = settingsOrError(context);
    if (settings instanceof RuntimeException e) {
      return e;
    }
    return root(context).getOrComputeIfAbsent(HOST_KEY, key -> {
      try {
        HostEnvironment host = HostEnvironment.discover((Settings) settings);
        LOGGER.log(Level.INFO, "virtiofs-junit runs guests with {0}: {1}", host.accel().accel().qemuName(),
            host.accel().reason());
        return host;
      } catch (RuntimeException e) {
        return e;
      }
    });
  }

  private static Store root(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }
}
