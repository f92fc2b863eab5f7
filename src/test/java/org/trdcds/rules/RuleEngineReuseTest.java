package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.trdcds.testing.PatientFixture.daysAgo;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/**
 * Engines are reused, the one that finished last first (issue 7): nothing of one patient may reach the next,
 * on the same thread or another, and a failed evaluation leaves nothing behind.
 */
class RuleEngineReuseTest {

    private static final String LIBRARY = "PHQ9Scores";
    private static final Set<String> LATEST = Set.of("Latest PHQ-9");

    private static Object latestTotal(PatientFixture patient) {
        Object latest = Cql.ENGINE.evaluate(LIBRARY, LATEST, patient.data(), PatientFixture.TODAY, ZoneOffset.UTC).value("Latest PHQ-9");
        return latest == null ? null : Cql.map(latest).get("total");
    }

    @Test
    void theNextPatientOnTheSameThreadSeesOnlyItsOwnData() {
        assertThat(latestTotal(PatientFixture.patient("a", 40).phq9(daysAgo(3), 22))).isEqualTo(22);
        assertThat(latestTotal(PatientFixture.patient("b", 40).phq9(daysAgo(3), 4))).isEqualTo(4);
        assertThat(latestTotal(PatientFixture.patient("c", 40))).isNull();
    }

    @Test
    void bothStepsOfOneCallSeeTheSamePatient() {
        PatientFixture patient = PatientFixture.patient("d", 40).phq9(daysAgo(3), 17);
        try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(patient.data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
            assertThat(Cql.map(evaluation.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(17);
            assertThat(Cql.list(evaluation.evaluate(LIBRARY, Set.of("PHQ-9 Totals")).value("PHQ-9 Totals"))).hasSize(1);
        }
    }

    @Test
    void theEngineNotesNoResourcesAsReadForTheDefinesItCaches() {
        // The engine would note, define by define, every resource a result came from and copy the notes into
        // each define that refers to it: work no one reads, and a large part of the cost of a large patient.
        try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(
                PatientFixture.patient("h", 40).phq9(daysAgo(30), 20).phq9(daysAgo(3), 15).data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
            assertThat(Cql.map(evaluation.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(15);
            assertThat(Cql.list(evaluation.evaluate(LIBRARY, Set.of("PHQ-9 Totals")).value("PHQ-9 Totals"))).hasSize(2);
            assertThat(evaluation.resourcesNotedAsRead()).isZero();
        }
    }

    @Test
    void twoEvaluationsOpenAtOnceKeepTheirPatientsApartAndNeitherIsUsableOnceClosed() {
        RuleEngine.Evaluation first = Cql.ENGINE.start(PatientFixture.patient("e", 40).phq9(daysAgo(2), 21).data(),
                PatientFixture.TODAY, ZoneOffset.UTC);
        try (RuleEngine.Evaluation second = Cql.ENGINE.start(PatientFixture.patient("f", 40).phq9(daysAgo(1), 9).data(),
                PatientFixture.TODAY, ZoneOffset.UTC)) {
            assertThat(second.engine()).isNotSameAs(first.engine());
            assertThat(Cql.map(first.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(21);
            assertThat(Cql.map(second.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(9);
            first.close();
            assertThatThrownBy(() -> first.evaluate(LIBRARY, LATEST)).isInstanceOf(IllegalStateException.class);
            assertThat(Cql.map(second.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(9);
        }
        first.close(); // closing twice must not put its engine back twice: two evaluations would then share it
        List<RuleEngine.Evaluation> next = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                next.add(Cql.ENGINE.start(PatientFixture.patient("g" + i, 40).data(), PatientFixture.TODAY, ZoneOffset.UTC));
            }
            assertThat(next.stream().map(RuleEngine.Evaluation::engine).distinct()).hasSize(3);
        } finally {
            next.forEach(RuleEngine.Evaluation::close);
        }
    }

    /**
     * A call takes the engine that finished last, whichever thread serves it (Tomcat hands calls to its threads
     * in turn), so the first calls after start-up take the warm-up's engine, whose function references are
     * resolved.
     */
    @Test
    void theNextCallOnAnyThreadTakesTheEngineThatFinishedLast() throws Exception {
        Object finishedLast;
        try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(PatientFixture.patient("i", 40).data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
            finishedLast = evaluation.engine();
        }
        var otherThread = Executors.newSingleThreadExecutor();
        try {
            Object taken = otherThread.submit(() -> {
                try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(PatientFixture.patient("j", 40).data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
                    return evaluation.engine();
                }
            }).get();
            assertThat(taken).isSameAs(finishedLast);
        } finally {
            otherThread.shutdownNow();
        }
    }

    @Test
    void anEngineThatFailedIsNotUsedAgain() {
        Object failedEngine;
        try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(PatientFixture.patient().data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
            failedEngine = evaluation.engine();
            assertThatThrownBy(() -> evaluation.evaluate("TRDPatientView", Set.of("Is There No Such Define?")))
                    .isInstanceOf(RuleEngine.RuleEvaluationException.class);
            assertThatThrownBy(() -> evaluation.evaluate(LIBRARY, LATEST)).isInstanceOf(IllegalStateException.class);
        }
        try (RuleEngine.Evaluation next = Cql.ENGINE.start(PatientFixture.patient("k", 40).phq9(daysAgo(2), 12).data(),
                PatientFixture.TODAY, ZoneOffset.UTC)) {
            assertThat(next.engine()).isNotSameAs(failedEngine);
            assertThat(Cql.map(next.evaluate(LIBRARY, LATEST).value("Latest PHQ-9")).get("total")).isEqualTo(12);
        }
    }

    @Test
    void aFailedEvaluationLeavesTheServiceReadyForTheNextPatient() {
        assertThatThrownBy(() -> Cql.evaluate("TRDPatientView", PatientFixture.patient().data(), "Is There No Such Define?"))
                .isInstanceOf(RuleEngine.RuleEvaluationException.class);
        assertThat(latestTotal(PatientFixture.patient("g", 40).phq9(daysAgo(2), 12))).isEqualTo(12);
    }

    @Test
    void threadsEvaluatingAtOnceKeepTheirPatientsApart() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Map<Integer, Object>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 5;
                results.add(pool.submit(() -> {
                    Map<Integer, Object> seen = new java.util.HashMap<>();
                    for (int i = 0; i < 25; i++) {
                        int score = base + i % 5;
                        seen.put(score, latestTotal(PatientFixture.patient("t" + base + "-" + i, 40).phq9(daysAgo(1), score)));
                    }
                    return seen;
                }));
            }
            for (var result : results) {
                result.get().forEach((score, total) -> assertThat(total).isEqualTo(score));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
