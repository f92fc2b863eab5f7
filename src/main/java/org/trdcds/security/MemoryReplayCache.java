package org.trdcds.security;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code jti} values of accepted tokens until they expire, in this process's memory
 * ({@code trd.security.replay-store=memory}): one replica only, and forgotten at restart. Bounded: expired
 * entries go first, then the oldest when the cache is full.
 */
final class MemoryReplayCache implements ReplayCache {

    private final int capacity;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    MemoryReplayCache(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean firstUse(String issuer, String jti, Instant expires, Instant now) {
        String key = issuer + "\u0000" + jti;
        Instant known = seen.get(key);
        if (known != null && known.isAfter(now)) {
            return false;
        }
        evict(now);
        seen.put(key, expires);
        return true;
    }

    private void evict(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (!it.next().getValue().isAfter(now)) {
                it.remove();
            } else {
                break; // insertion order: stop at the first live entry, the scan stays cheap
            }
        }
        while (seen.size() >= capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized int size() {
        return seen.size();
    }
}
