package io.irisapi.dataplane;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.IrisDataset;
import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ModelRole;
import io.irisapi.core.RejectedException;
import io.irisapi.core.Trainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RolloutTest {
    /** The champion is scored by Weka (J48), the challenger by the compiled logistic: they disagree on some rows. */
    private static final IrisModel CHAMPION = Trainer.train(Algorithm.J48, IrisDataset.load()).open("1", "test");
    private static final IrisModel CHALLENGER = Trainer.train(Algorithm.LOGISTIC, IrisDataset.load()).open("2", "test");
    private static final double[] SETOSA = {5.1, 3.5, 1.4, 0.2};
    /** A row with a fifth value: J48 ignores it, the compiled logistic throws, as a challenger's bug would. */
    private static final double[] BREAKS_CHALLENGER = {5.1, 3.5, 1.4, 0.2, 1.0};

    private final ModelManager champions = manager(ModelRole.CHAMPION, CHAMPION);
    private final ModelManager challengers = manager(ModelRole.CHALLENGER, CHALLENGER);
    private String key = "client-a";
    private boolean client = true;
    private final RequestContext context = new RequestContext() {
        @Override
        public String canaryKey() {
            return key;
        }

        @Override
        public boolean isClientTraffic() {
            return client;
        }
    };

    @Test
    void withoutChallengerTheChampionAnswersAndNothingIsRecorded() {
        DataPlane plane = new DataPlane(champions, Rollout.NONE, 10, (r, m, rows, p, c) -> { }, context);

        DataPlane.Result result = plane.score(List.of(SETOSA));

        assertThat(result.model()).isSameAs(CHAMPION);
        assertThat(result.role()).isEqualTo(ModelRole.CHAMPION);
        assertThat(plane.liveRecord()).isEmpty();
        assertThat(plane.challenger()).isEmpty();
    }

    @Test
    void shadowAnswersWithTheChampionAndRecordsEveryPair() {
        List<ModelRole> observed = new ArrayList<>();
        DataPlane plane = new DataPlane(champions, new Rollout(challengers, RolloutMode.SHADOW, 100), 200,
                (role, model, rows, answers, counts) -> observed.add(role), context);
        List<double[]> rows = irisRows();

        DataPlane.Result result = plane.score(rows);

        assertThat(result.model()).isSameAs(CHAMPION);
        assertThat(observed).containsExactly(ModelRole.CHAMPION);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(result.predictions().get(i).classIndex()).isEqualTo(CHAMPION.predict(rows.get(i)).classIndex());
        }
        LiveRecord record = plane.liveRecord().orElseThrow();
        assertThat(record.rowsCompared()).isEqualTo(rows.size());
        long agreements = rows.stream()
                .filter(row -> CHAMPION.predict(row).classIndex() == CHALLENGER.predict(row).classIndex()).count();
        assertThat(record.agreements()).isEqualTo(agreements).isLessThan(rows.size());
        assertThat(record.championVersion()).isEqualTo("1");
        assertThat(record.challengerVersion()).isEqualTo("2");
        assertThat(record.requests(ModelRole.CHAMPION)).isEqualTo(1);
        assertThat(record.challengerErrors()).isZero();
    }

    @Test
    void aThrowingChallengerIsCountedAndNeverChangesTheAnswer() {
        DataPlane shadow = new DataPlane(champions, new Rollout(challengers, RolloutMode.SHADOW, 0), 10,
                (r, m, rows, p, c) -> { }, context);
        DataPlane canary = new DataPlane(champions, new Rollout(challengers, RolloutMode.CANARY, 100), 10,
                (r, m, rows, p, c) -> { }, context);

        for (DataPlane plane : List.of(shadow, canary)) {
            DataPlane.Result result = plane.score(List.of(SETOSA, BREAKS_CHALLENGER));

            assertThat(result.model()).isSameAs(CHAMPION);
            assertThat(result.predictions()).hasSize(2);
            assertThat(result.predictions().get(1).label()).isEqualTo("setosa");
            assertThat(plane.liveRecord().orElseThrow().challengerErrors()).isEqualTo(1);
            assertThat(plane.liveRecord().orElseThrow().rowsCompared()).isZero();
        }
    }

    @Test
    void canarySendsItsShareToTheChallengerStablyPerKey() {
        DataPlane plane = new DataPlane(champions, new Rollout(challengers, RolloutMode.CANARY, 20), 10,
                (r, m, rows, p, c) -> { }, context);
        Map<String, IrisModel> first = new HashMap<>();
        int toChallenger = 0;
        int requests = 20_000;
        for (int i = 0; i < requests; i++) {
            key = "client-" + (i % 2000);
            DataPlane.Result result = plane.score(List.of(SETOSA));
            IrisModel earlier = first.putIfAbsent(key, result.model());
            assertThat(earlier == null || earlier == result.model()).as("key %s keeps its model", key).isTrue();
            if (result.role() == ModelRole.CHALLENGER) {
                assertThat(result.model()).isSameAs(CHALLENGER);
                toChallenger++;
            }
        }
        assertThat(toChallenger / (double) requests).isCloseTo(0.20, within(0.03));
        LiveRecord record = plane.liveRecord().orElseThrow();
        assertThat(record.requests(ModelRole.CHALLENGER)).isEqualTo(toChallenger);
        assertThat(record.rowsCompared()).isEqualTo(requests);
    }

    @Test
    void canaryAtZeroAndShadowNeverLetTheChallengerAnswer() {
        for (Rollout rollout : List.of(new Rollout(challengers, RolloutMode.CANARY, 0),
                new Rollout(challengers, RolloutMode.SHADOW, 100))) {
            DataPlane plane = new DataPlane(champions, rollout, 10, (r, m, rows, p, c) -> { }, context);
            for (int i = 0; i < 200; i++) {
                key = "k" + i;
                assertThat(plane.score(List.of(SETOSA)).model()).isSameAs(CHAMPION);
            }
            assertThatThrownBy(() -> plane.model(DataPlane.MODEL, "2")).isInstanceOf(RejectedException.class);
            assertThatThrownBy(() -> plane.score(List.of(SETOSA), "2")).isInstanceOf(RejectedException.class);
        }
    }

    @Test
    void aCanaryAnswersForItsOwnVersionWhenNamed() {
        DataPlane plane = new DataPlane(champions, new Rollout(challengers, RolloutMode.CANARY, 10), 10,
                (r, m, rows, p, c) -> { }, context);

        assertThat(plane.model(DataPlane.MODEL, "2")).isSameAs(CHALLENGER);
        assertThat(plane.score(List.of(SETOSA), "2").model()).isSameAs(CHALLENGER);
        assertThat(plane.score(List.of(SETOSA), "1").model()).isSameAs(CHAMPION);
        assertThatThrownBy(() -> plane.score(List.of(SETOSA), "3")).isInstanceOf(RejectedException.class);
    }

    @Test
    void warmupTrafficIsScoredByBothButNotRecorded() {
        DataPlane plane = new DataPlane(champions, new Rollout(challengers, RolloutMode.SHADOW, 0), 10,
                (r, m, rows, p, c) -> { }, context);
        client = false;

        plane.score(List.of(SETOSA));

        assertThat(plane.liveRecord()).isEmpty();
    }

    @Test
    void aChallengerOfTheChampionsVersionRests() {
        ModelManager sameVersion = manager(ModelRole.CHALLENGER,
                Trainer.train(Algorithm.LOGISTIC, IrisDataset.load()).open("1", "test"));
        DataPlane plane = new DataPlane(champions, new Rollout(sameVersion, RolloutMode.CANARY, 100), 10,
                (r, m, rows, p, c) -> { }, context);

        assertThat(plane.score(List.of(SETOSA)).model()).isSameAs(CHAMPION);
        assertThat(plane.challenger()).isEmpty();
        assertThat(plane.liveRecord()).isEmpty();
    }

    @Test
    void aNewModelStartsANewRecord() {
        DataPlane plane = new DataPlane(champions, new Rollout(challengers, RolloutMode.SHADOW, 0), 10,
                (r, m, rows, p, c) -> { }, context);
        plane.score(List.of(SETOSA));
        assertThat(plane.liveRecord().orElseThrow().rowsCompared()).isEqualTo(1);

        challengers.swap(Trainer.train(Algorithm.LOGISTIC, IrisDataset.load()).open("3", "test"));

        assertThat(plane.liveRecord()).isEmpty();
        plane.score(List.of(SETOSA));
        assertThat(plane.liveRecord().orElseThrow().challengerVersion()).isEqualTo("3");
        assertThat(plane.liveRecord().orElseThrow().rowsCompared()).isEqualTo(1);
    }

    @Test
    void bucketsAreFixedAndSpread() {
        assertThat(Rollout.bucket("client-a")).isEqualTo(Rollout.bucket("client-a")).isBetween(0, 99);
        int[] counts = new int[100];
        for (int i = 0; i < 100_000; i++) {
            counts[Rollout.bucket("req-" + i)]++;
        }
        assertThat(java.util.Arrays.stream(counts).min().orElseThrow()).isGreaterThan(800);
        assertThat(java.util.Arrays.stream(counts).max().orElseThrow()).isLessThan(1200);
    }

    @Test
    void aShareOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new Rollout(challengers, RolloutMode.CANARY, 101))
                .hasMessageContaining("CANARY_PERCENT");
        assertThatThrownBy(() -> RolloutMode.parse("blue-green")).hasMessageContaining("shadow or canary");
        assertThat(RolloutMode.parse("")).isEqualTo(RolloutMode.SHADOW);
        assertThat(RolloutMode.parse("Canary")).isEqualTo(RolloutMode.CANARY);
    }

    private static List<double[]> irisRows() {
        List<double[]> rows = new ArrayList<>();
        IrisDataset.load().forEach(instance -> rows.add(java.util.Arrays.copyOf(instance.toDoubleArray(), 4)));
        return rows;
    }

    private static ModelManager manager(ModelRole role, IrisModel model) {
        ModelManager manager = new ModelManager(role, null, Optional.empty(), Duration.seconds(1),
                new MetricRegistry());
        manager.swap(model);
        return manager;
    }
}
