package dev.virtiofs.junit;

import dev.virtiofs.junit.kernel.KernelMatrix;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a {@link GuestKernels} class asks for, read with no API newer than JUnit 5.10, so that
 * {@link VirtioFsVmExtension} can tell an earlier JUnit's user what to do ({@link
 * GuestKernelMatrix} itself needs 5.13).
 */
final class KernelMatrixClass {

  private KernelMatrixClass() {}

  /**
   * Checks a {@link GuestKernels} class before its runs start.
   *
   * @throws ExtensionConfigurationException for a wrong list, or a JUnit without class templates
   */
  static void check(Class<?> testClass) {
    lines(testClass);
    if (!classTemplates()) {
      throw new ExtensionConfigurationException(String.format("@GuestKernels on %s needs JUnit 5.13 or"
          + " later (class templates); on an earlier JUnit write one subclass per kernel, each"
          + " @VirtioFsVm(guestKernel = \"...\")", testClass.getName()));
    }
  }

  /** The kernel lines of a {@link GuestKernels} class; a wrong list fails the class. */
  static KernelMatrix lines(Class<?> testClass) {
    GuestKernels kernels = AnnotationSupport.findAnnotation(testClass, GuestKernels.class).orElseThrow();
    if (!AnnotationSupport.isAnnotated(testClass, VirtioFsVm.class)) {
      throw new ExtensionConfigurationException(String.format("@GuestKernels on %s runs a @VirtioFsVm class"
          + " on several kernels; annotate it with @VirtioFsVm too", testClass.getName()));
    }
    Optional<String> guestKernel = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class)
        .map(VirtioFsVm::guestKernel).filter(line -> !line.isEmpty());
    try {
      return KernelMatrix.of(kernels.value(), guestKernel, "@GuestKernels on " + testClass.getName());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  private static boolean classTemplates() {
    try {
      Class.forName("org.junit.jupiter.api.ClassTemplate", false, VirtioFsVmExtension.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

}
