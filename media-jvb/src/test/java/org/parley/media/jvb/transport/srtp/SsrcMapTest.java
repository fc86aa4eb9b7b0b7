package org.parley.media.jvb.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcMapTest {

    @Test
    void agreesWithAHashMapAndStaysBounded() {
        SsrcMap<String> map = new SsrcMap<>(100);
        Map<Integer, String> reference = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            int ssrc = random.nextInt(150) - 75 + (random.nextBoolean() ? Integer.MIN_VALUE : 0);
            String value = "v" + i;
            String mapped = map.putIfAbsent(ssrc, value);
            if (reference.containsKey(ssrc)) {
                assertEquals(reference.get(ssrc), mapped);
            } else if (reference.size() < 100) {
                reference.put(ssrc, value);
                assertEquals(value, mapped);
            } else {
                assertNull(mapped, "full");
            }
        }
        reference.forEach((ssrc, value) -> assertEquals(value, map.get(ssrc)));
        assertNull(map.get(123456789));
        map.clear();
        reference.keySet().forEach(ssrc -> assertNull(map.get(ssrc)));
    }
}
