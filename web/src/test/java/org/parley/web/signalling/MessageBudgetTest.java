package org.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One socket's message budget: bursts of twice the rate, then the rate, and nothing banked beyond the burst. */
class MessageBudgetTest {

    private long now = 5_000_000_000L;
    private final MessageBudget budget = new MessageBudget(50, () -> now);

    @Test
    void aBurstOfTwiceTheRateThenTheRate() {
        assertEquals(100, spendAll(), "a burst of two seconds' worth");
        assertFalse(budget.spend());
        now += Duration.ofMillis(100).toNanos();
        assertEquals(5, spendAll(), "then 50 a second");
    }

    @Test
    void aQuietSocketBanksNoMoreThanOneBurst() {
        now += Duration.ofMinutes(10).toNanos();
        assertEquals(100, spendAll());
    }

    @Test
    void aSteadyPageWithinTheRateIsNeverRefused() {
        for (int i = 0; i < 1_000; i++) {
            now += Duration.ofMillis(25).toNanos(); // 40 a second
            assertTrue(budget.spend(), "message " + i);
        }
    }

    private int spendAll() {
        int spent = 0;
        while (budget.spend()) {
            spent++;
        }
        return spent;
    }
}
