package dev.wse.integration;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the test classes that run against the recovery test server, with topic names no
 * other test uses (the server's recovery buffers outlive a test).
 */
@RecoveryServerTest
abstract class RecoveryServerSupport extends ServerSupport {

	private static final AtomicInteger TOPICS = new AtomicInteger();

	/**
	 * Return a topic name no other test uses.
	 */
	static String uniqueTopic(String prefix) {
		return prefix + "." + TOPICS.incrementAndGet();
	}

}
