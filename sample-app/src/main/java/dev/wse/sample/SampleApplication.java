package dev.wse.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot application serving WSE at {@code /wse} on port 8080: a chat
 * ({@link ChatHandler}), price ticks on the topic {@code prices} ({@link PriceTicker}), a
 * development token endpoint ({@link DevTokenController}) and a page at {@code /}.
 *
 * @author WSE team
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	/**
	 * Run the sample.
	 * @param args the command line arguments, for example
	 * {@code --wse.security.jwt.secret=...}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
