package com.ticketing.stub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookingQueueTest {

    private final List<List<String>> movedUp = new ArrayList<>();
    private final BookingQueue queue = new BookingQueue(movedUp::add);

    @Test
    void positionsFollowArrivalOrderFromOne() {
        assertThat(queue.enqueue("a")).isEqualTo(1);
        assertThat(queue.enqueue("b")).isEqualTo(2);
        assertThat(queue.enqueue("c")).isEqualTo(3);

        assertThat(queue.head()).contains("a");
        assertThat(queue.position("c")).hasValue(3);
        assertThat(queue.position("z")).isEmpty();
        assertThat(queue.length()).isEqualTo(3);
    }

    @Test
    void enqueueingTwiceKeepsTheFirstPlace() {
        queue.enqueue("a");
        queue.enqueue("b");

        assertThat(queue.enqueue("a")).isEqualTo(1);
        assertThat(queue.length()).isEqualTo(2);
    }

    @Test
    void leavingMovesEveryoneBehindUpAndTellsThem() {
        queue.enqueue("a");
        queue.enqueue("b");
        queue.enqueue("c");

        assertThat(queue.remove("b")).isTrue();

        assertThat(queue.position("c")).hasValue(2);
        assertThat(movedUp).containsExactly(List.of("c"));
        assertThat(queue.remove("b")).isFalse();
        assertThat(queue.remove("c")).isTrue();
        assertThat(movedUp).hasSize(1);
    }
}
