package org.parley.media.jvb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcMapTest {

    @Test
    void behavesLikeAMapAcrossManyChanges() {
        Random random = new Random(7);
        Map<Integer, String> expected = new HashMap<>();
        SsrcMap<String> map = SsrcMap.empty();
        for (int i = 0; i < 2_000; i++) {
            int ssrc = random.nextInt(64) - 32; // few keys, so both adds and removes hit; includes 0 and negatives
            if (random.nextBoolean()) {
                map = map.with(ssrc, "v" + i);
                expected.put(ssrc, "v" + i);
            } else {
                map = map.without(ssrc);
                expected.remove(ssrc);
            }
            assertEquals(expected.size(), map.size());
            for (int key = -32; key < 32; key++) {
                assertEquals(expected.get(key), map.get(key), "key " + key + " after step " + i);
            }
        }
    }

    @Test
    void copiesLeaveTheOriginalUnchanged() {
        SsrcMap<String> one = SsrcMap.<String>empty().with(0xFFFFFFFF, "a");
        SsrcMap<String> two = one.with(0x80000000, "b");
        SsrcMap<String> none = two.without(0xFFFFFFFF).without(0x80000000);

        assertEquals("a", one.get(0xFFFFFFFF));
        assertNull(one.get(0x80000000));
        assertEquals("b", two.get(0x80000000));
        assertEquals(0, none.size());
        assertNull(none.get(0xFFFFFFFF));
        assertSame(none, none.without(12));
    }
}
