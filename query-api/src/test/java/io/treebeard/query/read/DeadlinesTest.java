package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void workThatNeverFinishesFailsWithATimeoutAtTheDeadline() {
        CompletableFuture<String> never = new CompletableFuture<>();
        long started = System.nanoTime();

        CompletableFuture<String> bounded = Deadlines.within(never, Duration.ofMillis(50));

        assertThatThrownBy(bounded::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(never).isNotDone();
    }

    @Test
    void workThatFinishesInTimeKeepsItsResult() throws Exception {
        CompletableFuture<String> bounded = Deadlines.within(CompletableFuture.completedFuture("ok"), Duration.ofMillis(50));
        assertThat(bounded.get()).isEqualTo("ok");
    }

    @Test
    void aSharedLoadIsNotCancelledWhenOneRequestTimesOut() {
        CompletableFuture<String> shared = new CompletableFuture<>();
        CompletableFuture<String> first = Deadlines.within(shared, Duration.ofMillis(10));
        assertThatThrownBy(first::join).hasCauseInstanceOf(TimeoutException.class);
        CompletableFuture<String> second = Deadlines.within(shared, Duration.ofSeconds(10));
        shared.complete("late");
        assertThat(second.join()).isEqualTo("late");
    }
}
