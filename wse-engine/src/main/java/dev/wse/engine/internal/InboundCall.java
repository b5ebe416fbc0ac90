package dev.wse.engine.internal;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wse.engine.handler.HandlerRegistry.RpcRegistration;
import dev.wse.engine.handler.InboundMessage;
import dev.wse.engine.handler.WseException;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.ErrorCode;
import dev.wse.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call a client made with {@code rpc_request}. It runs on the handler pool, beside
 * the connection's other calls, and is answered exactly once with {@code rpc_response}:
 * the result, the error, or {@code RPC_TIMEOUT} when it takes longer than the timeout,
 * after which its result is dropped. A call that times out while still queued is not run.
 */
final class InboundCall implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(InboundCall.class);

	private final RpcCalls rpc;

	private final Connection connection;

	private final Envelope request;

	private final String cid;

	private final String method;

	private final JsonNode args;

	private final ConnectionCalls calls;

	private final AtomicBoolean answered = new AtomicBoolean();

	private final AtomicBoolean released = new AtomicBoolean();

	private volatile @Nullable ScheduledFuture<?> timeout;

	InboundCall(RpcCalls rpc, Connection connection, Envelope request, String cid, String method, JsonNode args,
			ConnectionCalls calls) {
		this.rpc = rpc;
		this.connection = connection;
		this.request = request;
		this.cid = cid;
		this.method = method;
		this.args = args;
		this.calls = calls;
	}

	/**
	 * Start the timeout, then queue the call on the handler pool. The caller has taken
	 * the call's slot in {@link ConnectionCalls}; the call gives it back when it ends.
	 * @param limit how long the call may take
	 */
	void start(Duration limit) {
		// A timed-out call keeps its slot until its handler returns, so that calls that
		// time out cannot pile up on the handler pool.
		this.timeout = this.rpc.schedule(
				() -> answer(
						RpcCalls.error(ErrorCode.RPC_TIMEOUT.name(),
								"RPC '" + this.method + "' did not complete within " + limit.toMillis() + " ms"),
						false),
				limit);
		try {
			this.rpc.core().handlerPool().execute(this);
		}
		catch (RejectedExecutionException ex) {
			// the engine is stopping: its connections close, nobody waits for an answer
			cancelTimeout();
			release();
		}
	}

	@Override
	public void run() {
		boolean async = false;
		try {
			if (this.answered.get() || !this.connection.isOpen()) {
				return;
			}
			if (!this.rpc.authorized(this.connection, this.method)) {
				answerError(ErrorCode.RPC_FORBIDDEN.name(), "Not allowed to call '" + this.method + "'");
				return;
			}
			RpcRegistration registration = this.rpc.core().handlers().findRpc(this.method);
			if (registration == null) {
				answerError(ErrorCode.RPC_NOT_FOUND.name(), "No RPC method '" + this.method + "'");
				return;
			}
			Object result;
			try {
				result = registration
					.call(new InboundMessage(this.connection, this.request, this.rpc.core().converter()), this.args);
			}
			catch (Exception ex) {
				fail(registration, ex);
				return;
			}
			if (result instanceof CompletionStage<?> stage) {
				// the call holds its slot until the stage completes
				async = true;
				stage.whenComplete((value, failure) -> {
					try {
						complete(registration, value, failure);
					}
					finally {
						release();
					}
				});
				return;
			}
			complete(registration, result, null);
		}
		finally {
			if (!async) {
				release();
			}
		}
	}

	private void complete(RpcRegistration registration, @Nullable Object result, @Nullable Throwable failure) {
		if (failure != null) {
			fail(registration, failure);
			return;
		}
		JsonNode tree;
		try {
			tree = (result != null) ? this.rpc.core().converter().toTree(result) : NullNode.getInstance();
		}
		catch (RuntimeException ex) {
			fail(registration, ex);
			return;
		}
		answer(RpcCalls.result(tree));
	}

	private void fail(RpcRegistration registration, Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof WseException ex) {
			answerError(ex.code(), messageOf(ex, ex.code()));
		}
		else if (cause instanceof ProtocolException ex) {
			answerError(ex.code().name(), messageOf(ex, ex.code().defaultMessage()));
		}
		else {
			// the exception's message may hold internals: it is logged, not sent
			logger.warn("RPC method '{}' ({}) failed on {}", this.method, registration.description(),
					this.connection.id(), cause);
			answerError(ErrorCode.RPC_FAILED.name(), "RPC '" + this.method + "' failed");
		}
	}

	private static String messageOf(Exception ex, String fallback) {
		String message = ex.getMessage();
		return (message != null) ? message : fallback;
	}

	private void answerError(String code, String message) {
		answer(RpcCalls.error(code, message));
	}

	private void answer(ObjectNode payload) {
		answer(payload, true);
	}

	/**
	 * Send the call's outcome, once.
	 * @param payload the outcome
	 * @param handlerDone whether the handler is done with the call: its slot is given
	 * back before the answer goes out, so that a client calling again as soon as it has
	 * the answer is not refused for a call that has ended
	 */
	private void answer(ObjectNode payload, boolean handlerDone) {
		if (!this.answered.compareAndSet(false, true)) {
			logger.debug("Dropping the late outcome of RPC '{}' ({}) on {}", this.method, this.cid,
					this.connection.id());
			return;
		}
		cancelTimeout();
		if (handlerDone) {
			release();
		}
		this.rpc.respond(this.connection, this.cid, payload);
	}

	/** Give the call's slot back, once. */
	private void release() {
		if (this.released.compareAndSet(false, true)) {
			this.calls.finished();
		}
	}

	private void cancelTimeout() {
		ScheduledFuture<?> scheduled = this.timeout;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

}
