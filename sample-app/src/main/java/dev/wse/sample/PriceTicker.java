package dev.wse.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.spring.WseTemplate;
import dev.wse.spring.annotation.WseHandler;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes {@code price_update} ticks on the topic {@code prices}: a random walk over a
 * few symbols, one symbol per tick, several ticks per second
 * ({@code wse.sample.tick-interval}). A client that subscribes without recovering first
 * gets the whole board as {@code price_snapshot} messages.
 *
 * @author WSE team
 */
@WseHandler
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
		double previous;
		double price;
		synchronized (this.prices) {
			previous = this.prices[index];
			// A random walk of at most 0.5% per tick that never reaches zero.
			price = Math.max(1, previous * (1 + (this.random.nextDouble() - 0.5) / 100));
			this.prices[index] = price;
		}
		Map<String, Object> tick = new LinkedHashMap<>();
		tick.put("symbol", SYMBOLS[index]);
		tick.put("price", round(price));
		tick.put("change", round(price - previous));
		tick.put("at", Instant.now().toString());
		this.wse.publish("prices", "price_update", tick);
	}

	/**
	 * Supply the current board. The board may already hold a price whose tick is about to
	 * be published; ticks carry absolute prices, so applying that tick again is harmless
	 * (the idempotence the snapshot rule asks of clients). The board's lock is never held
	 * while publishing, so the snapshot cannot deadlock with a tick.
	 * @return one entry per symbol
	 */
	@OnSnapshot(value = "prices", type = "price_snapshot")
	public List<Map<String, Object>> board() {
		List<Map<String, Object>> board = new ArrayList<>();
		synchronized (this.prices) {
			for (int i = 0; i < SYMBOLS.length; i++) {
				board.add(Map.of("symbol", SYMBOLS[i], "price", round(this.prices[i])));
			}
		}
		return board;
	}

	private static BigDecimal round(double value) {
		return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
	}

}
