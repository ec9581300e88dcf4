package org.tl4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.tl4j.api.BackendException;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.BatchNormMode;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;

class PendingEngineTests {
    private static final BackendOptions OPTIONS = new BackendOptions(Device.CPU, 1, 1, ConfigFactory.empty());

    /** A method added to BackendEngine must be passed on too, or the engine's own implementation would not run. */
    @Test
    void passesOnEveryMethodOfTheEngineInterface() {
        for (Method m : BackendEngine.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(Arrays.stream(PendingEngine.class.getDeclaredMethods())
                    .anyMatch(d -> d.getName().equals(m.getName())
                            && Arrays.equals(d.getParameterTypes(), m.getParameterTypes())))
                    .as("PendingEngine overrides %s", m).isTrue();
        }
    }

    @Test
    void waitsForTheEngineAndUsesItsOwnImplementations() throws Exception {
        BackendEngine real = mock(BackendEngine.class);
        CompiledModel model = mock(CompiledModel.class);
        CompileOptions options = new CompileOptions(BatchNormMode.TRAIN);
        when(real.compile(any(), any(), any(), any(), any())).thenReturn(model);
        when(real.device()).thenReturn("cpu:0");
        CountDownLatch release = new CountDownLatch(1);
        Backend backend = backend(o -> {
            await(release);
            return real;
        });
        try (PendingEngine engine = PendingEngine.open(backend, OPTIONS)) {
            assertThat(engine).hasToString("engine being opened");
            release.countDown();
            assertThat(engine.device()).isEqualTo("cpu:0");
            assertThat(engine.compile(null, null, Set.of(), null, options)).isSameAs(model);
        }
        verify(real).close();
    }

    @Test
    void failsAtFirstUseAsTheOpeningFailed() {
        Backend backend = backend(o -> {
            throw new BackendException("no natives for this platform");
        });
        PendingEngine engine = PendingEngine.open(backend, OPTIONS);
        assertThatThrownBy(engine::devices).isInstanceOf(BackendException.class)
                .hasMessage("no natives for this platform");
        engine.close();
    }

    @Test
    void closingBeforeUseClosesTheEngineOnceItIsOpen() throws Exception {
        BackendEngine real = mock(BackendEngine.class);
        when(real.devices()).thenReturn(List.of("cpu:0"));
        CountDownLatch release = new CountDownLatch(1);
        PendingEngine engine = PendingEngine.open(backend(o -> {
            await(release);
            return real;
        }), OPTIONS);
        engine.close();
        release.countDown();
        verify(real, timeout(5000)).close();
    }

    private interface Opener {
        BackendEngine open(BackendOptions options);
    }

    private static Backend backend(Opener opener) {
        Backend b = mock(Backend.class);
        when(b.id()).thenReturn("fake");
        when(b.open(any())).thenAnswer(inv -> opener.open(inv.getArgument(0)));
        return b;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
