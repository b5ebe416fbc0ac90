package dev.wse.engine.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The challenge nonces already answered: each nonce is accepted once. Bounded in size and
 * in time: entries older than the window are dropped, and beyond the capacity the oldest
 * entry goes. A dropped nonce cannot be used again anyway, because an answer must also
 * carry the nonce its own connection was sent, and a connection gets one attempt.
 */
final class NonceLedger {

	private final int capacity;

	private final long windowMillis;

	private final LinkedHashMap<String, Long> used = new LinkedHashMap<>();

	NonceLedger(int capacity, long windowMillis) {
		this.capacity = capacity;
		this.windowMillis = windowMillis;
	}

	/**
	 * Record the use of a nonce.
	 * @param nonce the nonce
	 * @param nowMillis the current time
	 * @return {@code true} if it had not been used before
	 */
	synchronized boolean firstUse(String nonce, long nowMillis) {
		Iterator<Map.Entry<String, Long>> entries = this.used.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Long> entry = entries.next();
			if (nowMillis - entry.getValue() <= this.windowMillis && this.used.size() < this.capacity) {
				break;
			}
			entries.remove();
		}
		return this.used.putIfAbsent(nonce, nowMillis) == null;
	}

	synchronized int size() {
		return this.used.size();
	}

}
