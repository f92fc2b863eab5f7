package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

    static final long KIB = 1024;

    @Test
    void bodiesThatFitTogetherAreAdmittedTogether() {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ZERO);
        try (var first = budget.admit(60 * KIB); var second = budget.admit(40 * KIB)) {
            assertThat(budget.available()).isZero();
        }
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void aBodyIsCountedInWholeKibibytesAndAnEmptyOneStillCounts() {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ZERO);
        try (var exact = budget.admit(KIB); var justOver = budget.admit(KIB + 1); var empty = budget.admit(0)) {
            assertThat(budget.available()).isEqualTo(100 - 1 - 2 - 1);
        }
    }

    @Test
    void aBodyThatDoesNotFitWaitsAndIsTurnedAwayAfterTheWaitWithItsRetryAfter() {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ofMillis(200));
        try (var running = budget.admit(80 * KIB)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> budget.admit(21 * KIB))
                    .isInstanceOfSatisfying(ServerBusyException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
            assertThat(budget.available()).as("a call turned away holds nothing").isEqualTo(20);
        }
    }

    @Test
    void aWaitingBodyIsAdmittedWhenTheCallBeforeItFinishes() throws Exception {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ofSeconds(30));
        var running = budget.admit(80 * KIB);
        CompletableFuture<InFlightBudget.Admission> waiting = CompletableFuture.supplyAsync(() -> budget.admit(50 * KIB));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        running.close();
        try (var admitted = waiting.get(10, TimeUnit.SECONDS)) {
            assertThat(budget.available()).isEqualTo(50);
        }
    }

    @Test
    void aBodyLargerThanTheWholeBudgetRunsAloneRatherThanNever() {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ZERO);
        try (var huge = budget.admit(5_000 * KIB)) {
            assertThat(budget.available()).isZero();
            assertThatThrownBy(() -> budget.admit(1)).isInstanceOf(ServerBusyException.class);
        }
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void closingTwiceGivesTheShareBackOnce() {
        InFlightBudget budget = new InFlightBudget(100 * KIB, Duration.ZERO);
        var admission = budget.admit(30 * KIB);
        admission.close();
        admission.close();
        assertThat(budget.available()).isEqualTo(100);
    }

    @Test
    void theDefaultIsASixtyFourthOfTheHeap() {
        assertThat(InFlightBudget.defaultFor(160L * 1024 * 1024)).isEqualTo(2_621_440L);
    }

    @Test
    void unsetSettingsTakeTheDefaultAndASetBudgetIsKept() {
        var unset = new HooksController.HooksSettings(5_000_000, 0, Duration.ofSeconds(10));
        assertThat(unset.inFlightBudgetBytes()).isEqualTo(InFlightBudget.defaultFor(Runtime.getRuntime().maxMemory()));
        var set = new HooksController.HooksSettings(5_000_000, 1_048_576, Duration.ofSeconds(10));
        assertThat(set.inFlightBudgetBytes()).isEqualTo(1_048_576);
    }
}
