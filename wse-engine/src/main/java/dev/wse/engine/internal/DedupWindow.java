package dev.wse.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent message ids delivered to one connection, first in first out.
 */
final class DedupWindow {

	private final Map<String, Boolean> ids;

	DedupWindow(int capacity) {
		this.ids = new LinkedHashMap<>(16, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * Record an id.
	 * @param id the id
	 * @return {@code true} the first time the id is seen within the window
	 */
	synchronized boolean firstSeen(String id) {
		return this.ids.putIfAbsent(id, Boolean.TRUE) == null;
	}

}
