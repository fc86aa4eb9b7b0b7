package org.parley.media.jvb.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcTableTest {

    @Test
    void behavesLikeAMapAcrossManyChanges() {
        Random random = new Random(7);
        Map<Integer, String> expected = new HashMap<>();
        SsrcTable<String> table = SsrcTable.empty();
        for (int i = 0; i < 2_000; i++) {
            int ssrc = random.nextInt(64) - 32; // few keys, so both adds and removes hit; includes 0 and negatives
            if (random.nextBoolean()) {
                table = table.with(ssrc, "v" + i);
                expected.put(ssrc, "v" + i);
            } else {
                table = table.without(ssrc);
                expected.remove(ssrc);
            }
            assertEquals(expected.size(), table.size());
            for (int key = -32; key < 32; key++) {
                assertEquals(expected.get(key), table.get(key), "key " + key + " after step " + i);
            }
        }
    }

    @Test
    void copiesLeaveTheOriginalUnchanged() {
        SsrcTable<String> one = SsrcTable.<String>empty().with(0xFFFFFFFF, "a");
        SsrcTable<String> two = one.with(0x80000000, "b");
        SsrcTable<String> none = two.without(0xFFFFFFFF).without(0x80000000);

        assertEquals("a", one.get(0xFFFFFFFF));
        assertNull(one.get(0x80000000));
        assertEquals("b", two.get(0x80000000));
        assertEquals(0, none.size());
        assertNull(none.get(0xFFFFFFFF));
        assertSame(none, none.without(12));
    }

    @Test
    void registryAgreesWithAHashMapAndStaysBounded() {
        SsrcTable.Registry<String> registry = new SsrcTable.Registry<>(100);
        Map<Integer, String> reference = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            int ssrc = random.nextInt(150) - 75 + (random.nextBoolean() ? Integer.MIN_VALUE : 0);
            String value = "v" + i;
            String mapped = registry.putIfAbsent(ssrc, value);
            if (reference.containsKey(ssrc)) {
                assertEquals(reference.get(ssrc), mapped);
            } else if (reference.size() < 100) {
                reference.put(ssrc, value);
                assertEquals(value, mapped);
            } else {
                assertNull(mapped, "full");
            }
        }
        assertEquals(100, registry.size());
        reference.forEach((ssrc, value) -> assertEquals(value, registry.get(ssrc)));
        assertNull(registry.get(123456789));
        registry.clear();
        reference.keySet().forEach(ssrc -> assertNull(registry.get(ssrc)));
    }
}
