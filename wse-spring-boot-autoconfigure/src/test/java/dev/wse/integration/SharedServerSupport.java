package dev.wse.integration;

/**
 * Base of the test classes that run against the shared test server.
 */
@SharedServerTest
abstract class SharedServerSupport extends ServerSupport {

}
