package io.irisapi.core;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import io.irisapi.health.ModelHealthCheck;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelManagerTest {
    private static final IrisModel MODEL = Trainer.train(Algorithm.J48, IrisDataset.load()).open("v1", "test");

    @Test
    void notReadyUntilTheModelLoads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ModelManager manager = new ModelManager(source(() -> {
            await(release);
            return MODEL;
        }), Optional.empty(), Duration.seconds(1), new MetricRegistry());
        ModelHealthCheck readiness = new ModelHealthCheck(manager);

        manager.start();
        assertThat(readiness.execute().isHealthy()).isFalse();
        assertThatThrownBy(manager::require).isInstanceOf(RejectedException.class).extracting(e -> ((RejectedException) e).status()).isEqualTo(503);

        release.countDown();
        waitUntil(() -> manager.current().isPresent());
        assertThat(readiness.execute().isHealthy()).isTrue();
        assertThat(readiness.execute().getMessage()).contains("v1");
        manager.stop();
    }

    @Test
    void withoutFallbackItRetriesUntilTheSourceWorks() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        MetricRegistry metrics = new MetricRegistry();
        ModelManager manager = new ModelManager(source(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ModelLoadException("not there yet");
            }
            return MODEL;
        }), Optional.empty(), Duration.milliseconds(100), metrics);

        manager.start();
        waitUntil(() -> manager.current().isPresent());

        assertThat(attempts.get()).isEqualTo(3);
        assertThat(metrics.counter(ModelManager.REFUSALS).getCount()).isEqualTo(2);
        assertThat(metrics.counter(ModelManager.LOADS).getCount()).isEqualTo(1);
        assertThat(metrics.timer("model.load").getCount()).isEqualTo(3);
        manager.stop();
    }

    @Test
    void withFallbackItServesTheFallbackAtOnce() throws Exception {
        IrisModel fallback = Trainer.train(Algorithm.J48, IrisDataset.load()).open("fallback", "test");
        ModelManager manager = new ModelManager(source(() -> {
            throw new ModelLoadException("broken");
        }), Optional.of(source(() -> fallback)), Duration.seconds(1), new MetricRegistry());

        manager.start();
        waitUntil(() -> manager.current().isPresent());

        assertThat(manager.require().version()).isEqualTo("fallback");
        manager.stop();
    }

    @Test
    void aRefusedModelLeavesTheCurrentOneServing() {
        ModelManager manager = new ModelManager(source(() -> MODEL), Optional.empty(), Duration.seconds(1),
                new MetricRegistry());
        manager.swap(MODEL);

        Optional<IrisModel> refused = manager.tryLoad(source(() -> {
            throw new ModelLoadException("corrupt");
        }));

        assertThat(refused).isEmpty();
        assertThat(manager.require()).isSameAs(MODEL);
    }

    private interface Loader {
        IrisModel load();
    }

    private static ModelSource source(Loader loader) {
        return new ModelSource() {
            @Override
            public IrisModel load() {
                return loader.load();
            }

            @Override
            public String describe() {
                return "test source";
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
