package dev.wse.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.wse.engine.connection.WseConnection;
import dev.wse.engine.handler.WseException;
import dev.wse.engine.handler.annotation.OnMessage;
import dev.wse.spring.WseTemplate;
import dev.wse.spring.annotation.WseHandler;
import org.jspecify.annotations.Nullable;

/**
 * Chat over WSE: a client sends {@code chat.send} with {@code {room, text}}; the message
 * is published to the topic {@code chat:<room>} as {@code chat.message} with the sender's
 * user id, and the sender gets {@code chat.send_response} {@code {accepted: true}}.
 *
 * @author WSE team
 */
@WseHandler
public class ChatHandler {

	static final String INVALID_CHAT = "INVALID_CHAT";

	private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final int MAX_TEXT_LENGTH = 2000;

	private final WseTemplate wse;

	/**
	 * Create the handler.
	 * @param wse the template publishing chat messages
	 */
	public ChatHandler(WseTemplate wse) {
		this.wse = wse;
	}

	/**
	 * Handle {@code chat.send}.
	 * @param message the message the client sent
	 * @param connection the sender's connection
	 * @return the reply to the sender
	 */
	@OnMessage("chat.send")
	public Map<String, Object> send(ChatSend message, WseConnection connection) {
		String room = (message.room() != null) ? message.room() : "lobby";
		if (!ROOM.matcher(room).matches()) {
			throw new WseException(INVALID_CHAT, "Room must be 1-64 letters, digits, '_' or '-'");
		}
		String text = (message.text() != null) ? message.text().strip() : "";
		if (text.isEmpty()) {
			throw new WseException(INVALID_CHAT, "Text must not be blank");
		}
		if (text.length() > MAX_TEXT_LENGTH) {
			throw new WseException(INVALID_CHAT, "Text must be at most " + MAX_TEXT_LENGTH + " characters");
		}
		String user = (connection.userId() != null) ? connection.userId() : "anonymous";
		Map<String, Object> chatMessage = new LinkedHashMap<>();
		chatMessage.put("room", room);
		chatMessage.put("user", user);
		chatMessage.put("text", text);
		chatMessage.put("sent_at", Instant.now().toString());
		this.wse.publish("chat:" + room, "chat.message", chatMessage);
		return Map.of("accepted", true);
	}

	/**
	 * The payload of {@code chat.send}.
	 *
	 * @param room the room (default {@code lobby})
	 * @param text the text
	 */
	public record ChatSend(@Nullable String room, @Nullable String text) {
	}

}
