package org.trdcds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** jti replay protection in memory (trd.security.replay-store=memory), with bounded memory. */
class MemoryReplayCacheTest {

    final Instant now = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aJtiIsAcceptedOncePerIssuerUntilItExpires() {
        MemoryReplayCache cache = new MemoryReplayCache(10);
        assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(60), now)).isTrue();
        assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(60), now.plusSeconds(30))).isFalse();
        assertThat(cache.firstUse("ehr-b", "1", now.plusSeconds(60), now)).isTrue();
        // once the token has expired it cannot be used anyway, so its jti may be forgotten
        assertThat(cache.firstUse("ehr-a", "1", now.plusSeconds(200), now.plusSeconds(61))).isTrue();
    }

    @Test
    void memoryIsBounded() {
        MemoryReplayCache cache = new MemoryReplayCache(100);
        for (int i = 0; i < 10_000; i++) {
            cache.firstUse("ehr", "jti-" + i, now.plusSeconds(300), now);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
}
