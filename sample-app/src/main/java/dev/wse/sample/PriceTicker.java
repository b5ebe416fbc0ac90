package dev.wse.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import dev.wse.spring.WseTemplate;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code price_update} ticks on the topic {@code prices}: a random walk over a
 * few symbols, one symbol per tick, several ticks per second
 * ({@code wse.sample.tick-interval}).
 *
 * @author WSE team
 */
@Component
public class PriceTicker {

	private static final String[] SYMBOLS = { "AAPL", "MSFT", "NVDA", "TSLA", "AMZN" };

	private final WseTemplate wse;

	private final Random random = new Random();

	private final double[] prices = { 187.42, 411.20, 118.75, 242.10, 184.30 };

	/**
	 * Create the ticker.
	 * @param wse the template publishing the ticks
	 */
	public PriceTicker(WseTemplate wse) {
		this.wse = wse;
	}

	/**
	 * Publish one tick.
	 */
	@Scheduled(fixedRateString = "${wse.sample.tick-interval:200ms}")
	public void tick() {
		int index = this.random.nextInt(SYMBOLS.length);
		double previous = this.prices[index];
		// A random walk of at most 0.5% per tick that never reaches zero.
		double price = Math.max(1, previous * (1 + (this.random.nextDouble() - 0.5) / 100));
		this.prices[index] = price;
		Map<String, Object> tick = new LinkedHashMap<>();
		tick.put("symbol", SYMBOLS[index]);
		tick.put("price", round(price));
		tick.put("change", round(price - previous));
		tick.put("at", Instant.now().toString());
		this.wse.publish("prices", "price_update", tick);
	}

	private static BigDecimal round(double value) {
		return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
	}

}
