package org.tl4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher itself: it starts the built command line on the module path. */
class LauncherTests {

  @Test
  void versionAndListRunOnTheModulePath() {
    assertThat(Tl.run("--version").succeeded().stdout()).contains("tl4j");
    assertThat(Tl.run("list").succeeded().stdout()).contains("mobilenet_v2", "resnet50", "vgg16", "tensorflow", "djl");
  }
}
