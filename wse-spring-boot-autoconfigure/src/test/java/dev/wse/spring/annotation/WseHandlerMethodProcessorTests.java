package dev.wse.spring.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wse.autoconfigure.WseAutoConfiguration;
import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.HandlerRegistry;
import dev.wse.engine.handler.annotation.OnConnect;
import dev.wse.engine.handler.annotation.OnDisconnect;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.engine.handler.annotation.OnPresenceJoin;
import dev.wse.engine.handler.annotation.OnPresenceLeave;
import dev.wse.engine.handler.annotation.OnRpc;
import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.engine.presence.PresenceChange;
import dev.wse.engine.presence.PresenceChange.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseHandlerMethodProcessor}.
 *
 * @author WSE team
 */
class WseHandlerMethodProcessorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WseAutoConfiguration.class));

	@Test
	void registersTheHandlerMethodsOfWseHandlerBeans() {
		this.contextRunner.withUserConfiguration(ChatHandler.class).run((context) -> {
			HandlerRegistry registry = context.getBean(HandlerRegistry.class);
			assertThat(registry.types()).containsExactlyInAnyOrder("chat.send", "chat.typing");
			assertThat(registry.find("chat.send").replyType()).isEqualTo("chat.send_response");
			assertThat(registry.find("chat.typing").replyType()).isEqualTo("chat.ack");
			assertThat(registry.connectListeners()).hasSize(1);
			assertThat(registry.disconnectListeners()).hasSize(1);
		});
	}

	@Test
	void registersComposedAnnotationsAndSnapshotProviders() {
		this.contextRunner.withUserConfiguration(QuoteHandler.class).run((context) -> {
			HandlerRegistry registry = context.getBean(HandlerRegistry.class);
			assertThat(registry.types()).containsExactly("quote.request");
			assertThat(registry.find("quote.request").replyType()).isEqualTo("quote.request_response");
			HandlerRegistry.SnapshotRegistration snapshot = registry.findSnapshot("quotes.AAPL");
			assertThat(snapshot).isNotNull();
			assertThat(snapshot.type()).isEqualTo("quote_snapshot");
			assertThat(snapshot.provider().snapshot("quotes.AAPL", null)).isEqualTo(Map.of("topic", "quotes.AAPL"));
		});
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@OnMessage("quote.request")
	@interface OnQuoteRequest {

	}

	@WseHandler
	static class QuoteHandler {

		@OnQuoteRequest
		Map<String, Object> quote(Map<String, Object> request) {
			return request;
		}

		@OnSnapshot(value = "quotes.*", type = "quote_snapshot")
		Map<String, Object> snapshot(String topic) {
			return Map.of("topic", topic);
		}

	}

	@Test
	void registersOnRpcMethodsAlsoThroughComposedAnnotations() {
		this.contextRunner.withUserConfiguration(OrderRpcHandler.class).run((context) -> {
			HandlerRegistry registry = context.getBean(HandlerRegistry.class);
			assertThat(registry.rpcMethods()).containsExactlyInAnyOrder("order.total", "order.cancel");
			assertThat(registry.findRpc("order.total").description()).isEqualTo("orderRpcHandler.total");
			assertThat(registry.types()).isEmpty();
		});
	}

	@Test
	void duplicateRpcMethodsFailStartupNamingTheBeans() {
		this.contextRunner.withUserConfiguration(OrderRpcHandler.class, DuplicateOrderRpcHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(BeanInitializationException.class)
				.hasMessageContaining("Duplicate RPC method 'order.total'")
				.hasMessageContaining("duplicateOrderRpcHandler"));
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@OnRpc("order.cancel")
	@interface OnOrderCancel {

	}

	@WseHandler("orderRpcHandler")
	static class OrderRpcHandler {

		@OnRpc("order.total")
		Map<String, Object> total(Map<String, Object> order) {
			return Map.of("total", 0);
		}

		@OnOrderCancel
		void cancel(Map<String, Object> order) {
		}

	}

	@WseHandler("duplicateOrderRpcHandler")
	static class DuplicateOrderRpcHandler {

		@OnRpc("order.total")
		int total() {
			return 1;
		}

	}

	@Test
	void registersPresenceHooksAlsoThroughComposedAnnotations() {
		this.contextRunner.withUserConfiguration(PresenceHandler.class).run((context) -> {
			HandlerRegistry registry = context.getBean(HandlerRegistry.class);
			assertThat(registry.presenceListeners()).hasSize(3);
			notify(registry, Kind.JOIN, "alice");
			notify(registry, Kind.UPDATE, "alice");
			notify(registry, Kind.LEAVE, "alice");
			assertThat(context.getBean(PresenceHandler.class).calls).containsExactlyInAnyOrder("joined alice room:1",
					"announced alice room:1", "left");
		});
	}

	@Test
	void presenceHooksWithUnsupportedSignaturesFailStartupNamingTheBean() {
		this.contextRunner.withUserConfiguration(BadPresenceHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(BeanInitializationException.class)
				.hasMessageContaining("badPresenceHandler")
				.hasMessageContaining("must take a PresenceChange or nothing"));
	}

	@Test
	void looksUpLazyPresenceHandlerBeansOnlyWhenAChangeHappens() {
		LazyPresenceHandler.instances.set(0);
		this.contextRunner.withUserConfiguration(LazyPresenceHandlerConfiguration.class).run((context) -> {
			HandlerRegistry registry = context.getBean(HandlerRegistry.class);
			assertThat(registry.presenceListeners()).hasSize(1);
			assertThat(LazyPresenceHandler.instances).hasValue(0);
			notify(registry, Kind.LEAVE, "bob");
			assertThat(LazyPresenceHandler.instances).hasValue(0);
			notify(registry, Kind.JOIN, "bob");
			assertThat(LazyPresenceHandler.instances).hasValue(1);
		});
	}

	@Test
	void looksUpASingletonHandlerOnceAndAPrototypeHandlerForEveryCall() {
		LazyPresenceHandler.instances.set(0);
		PrototypePresenceHandler.instances.set(0);
		this.contextRunner
			.withUserConfiguration(LazyPresenceHandlerConfiguration.class, PrototypePresenceHandlerConfiguration.class)
			.run((context) -> {
				HandlerRegistry registry = context.getBean(HandlerRegistry.class);
				for (int i = 0; i < 3; i++) {
					notify(registry, Kind.JOIN, "bob");
				}
				assertThat(LazyPresenceHandler.instances).hasValue(1);
				assertThat(PrototypePresenceHandler.instances).hasValue(3);
			});
	}

	private static void notify(HandlerRegistry registry, Kind kind, String userId) {
		PresenceChange change = new PresenceChange(kind, "room:1", userId, JsonNodeFactory.instance.objectNode());
		registry.presenceListeners().forEach((listener) -> listener.changed(change));
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@OnPresenceJoin
	@interface OnArrival {

	}

	@WseHandler("presenceHandler")
	static class PresenceHandler {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@OnPresenceJoin
		void joined(PresenceChange change) {
			this.calls.add("joined " + change.userId() + " " + change.topic());
		}

		@OnArrival
		void announced(PresenceChange change) {
			this.calls.add("announced " + change.userId() + " " + change.topic());
		}

		@OnPresenceLeave
		void left() {
			this.calls.add("left");
		}

	}

	@WseHandler("badPresenceHandler")
	static class BadPresenceHandler {

		@OnPresenceJoin
		void joined(String userId) {
		}

	}

	@WseHandler
	static class LazyPresenceHandler {

		static final AtomicInteger instances = new AtomicInteger();

		LazyPresenceHandler() {
			instances.incrementAndGet();
		}

		@OnPresenceJoin
		void joined() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyPresenceHandlerConfiguration {

		@Bean
		@Lazy
		LazyPresenceHandler lazyPresenceHandler() {
			return new LazyPresenceHandler();
		}

	}

	@Test
	void ignoresHandlerAnnotationsOnBeansWithoutWseHandler() {
		this.contextRunner.withUserConfiguration(PlainBeanConfiguration.class)
			.run((context) -> assertThat(context.getBean(HandlerRegistry.class).types()).isEmpty());
	}

	@Test
	void looksUpLazyHandlerBeansOnlyWhenAMessageArrives() {
		LazyHandler.instances.set(0);
		this.contextRunner.withUserConfiguration(LazyHandlerConfiguration.class).run((context) -> {
			assertThat(context.getBean(HandlerRegistry.class).types()).containsExactly("lazy.ping");
			assertThat(LazyHandler.instances).hasValue(0);
		});
	}

	@Test
	void duplicateMessageTypesFailStartupNamingTheBeans() {
		this.contextRunner.withUserConfiguration(ChatHandler.class, DuplicateChatHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(BeanInitializationException.class)
				.hasMessageContaining("Duplicate handler for message type 'chat.send'")
				.hasMessageContaining("duplicateChatHandler"));
	}

	@Test
	void unsupportedSignaturesFailStartupNamingTheBean() {
		this.contextRunner.withUserConfiguration(TwoPayloadsHandler.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(BeanInitializationException.class)
				.hasMessageContaining("twoPayloadsHandler")
				.hasMessageContaining("more than one payload parameter"));
	}

	@WseHandler("chatHandler")
	static class ChatHandler {

		@OnMessage("chat.send")
		Map<String, Object> send(Map<String, Object> payload, WseConnection connection) {
			return Map.of("accepted", true);
		}

		@OnMessage(value = "chat.typing", reply = "chat.ack")
		void typing() {
		}

		@OnConnect
		void connected(WseConnection connection) {
		}

		@OnDisconnect
		void disconnected(WseConnection connection) {
		}

	}

	@WseHandler("duplicateChatHandler")
	static class DuplicateChatHandler {

		@OnMessage("chat.send")
		void send(Map<String, Object> payload) {
		}

	}

	@WseHandler("twoPayloadsHandler")
	static class TwoPayloadsHandler {

		@OnMessage("pair")
		void pair(Map<String, Object> first, Map<String, Object> second) {
		}

	}

	static class PlainBean {

		@OnMessage("plain")
		void plain() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainBeanConfiguration {

		@Bean
		PlainBean plainBean() {
			return new PlainBean();
		}

	}

	@WseHandler
	static class LazyHandler {

		static final AtomicInteger instances = new AtomicInteger();

		LazyHandler() {
			instances.incrementAndGet();
		}

		@OnMessage("lazy.ping")
		String ping() {
			return "pong";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyHandlerConfiguration {

		@Bean
		@Lazy
		LazyHandler lazyHandler() {
			return new LazyHandler();
		}

	}

	@WseHandler
	static class PrototypePresenceHandler {

		static final AtomicInteger instances = new AtomicInteger();

		PrototypePresenceHandler() {
			instances.incrementAndGet();
		}

		@OnPresenceJoin
		void joined() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypePresenceHandlerConfiguration {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		PrototypePresenceHandler prototypePresenceHandler() {
			return new PrototypePresenceHandler();
		}

	}

}
