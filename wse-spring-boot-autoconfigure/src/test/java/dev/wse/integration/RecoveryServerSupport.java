package dev.wse.integration;

import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the test classes that run against the recovery test server: gives them the
 * {@link WseTemplate}, a {@link TestClients} closed after each test, and topic names no
 * other test uses (the server's recovery buffers outlive a test).
 */
@RecoveryServerTest
abstract class RecoveryServerSupport {

	private static final AtomicInteger TOPICS = new AtomicInteger();

	@LocalServerPort
	private int port;

	@Autowired
	protected WseTemplate template;

	protected TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

	/**
	 * Return a topic name no other test uses.
	 */
	static String uniqueTopic(String prefix) {
		return prefix + "." + TOPICS.incrementAndGet();
	}

}
