package dev.wse.integration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.wse.spring.WseTemplate;

/**
 * Base of the test classes that run against the shared test server: gives them the
 * {@link WseTemplate} and a {@link TestClients} closed after each test.
 */
@SharedServerTest
abstract class SharedServerSupport {

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
