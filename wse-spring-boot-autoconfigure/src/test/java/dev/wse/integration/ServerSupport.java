package dev.wse.integration;

import dev.wse.spring.WseTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Common base of the test classes that run against a test server on a random port: gives
 * them the {@link WseTemplate} and a {@link TestClients} closed after each test,
 * connected to the servlet container or, with {@code wse.transport=netty}, to the Netty
 * server. Subclasses choose the server with their test annotation.
 */
abstract class ServerSupport {

	@LocalServerPort
	private int port;

	@Autowired
	protected WseTemplate template;

	@Autowired
	protected ApplicationContext context;

	protected TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(wsePort());
	}

	/**
	 * Return the port of the WSE endpoint (the Netty server's on the Netty transport).
	 */
	protected int wsePort() {
		return WsePorts.wsePort(this.context, this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.closeAll();
	}

}
