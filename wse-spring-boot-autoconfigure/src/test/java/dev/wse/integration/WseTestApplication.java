package dev.wse.integration;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the integration tests run on a random port: the WSE starter's
 * auto-configuration plus the handlers of {@link TestHandlers}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WseTestApplication {

}
