package dev.wse.integration;

import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Common base of the test classes that run against a test server on a random port: gives
 * them the {@link WseTemplate} and a {@link TestClients} closed after each test.
 * Subclasses choose the server with their test annotation.
 */
abstract class ServerSupport {

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

}
