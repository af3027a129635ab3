package dev.observatory.integrations.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider WebSocket's listener that hears whole text messages, one at a time: the JDK may hand a
 * message over in parts. A message the provider's protocol cannot read is logged and skipped, so it
 * never kills the socket's reader; closing it, and losing it, are told apart.
 */
public abstract class TextMessageListener implements WebSocket.Listener {

	private static final Logger log = LoggerFactory.getLogger(TextMessageListener.class);

	private final StringBuilder partial = new StringBuilder();

	private final String name;

	private volatile @Nullable WebSocket socket;

	protected TextMessageListener(String name) {
		this.name = name;
	}

	/** One whole message. */
	protected abstract void message(WebSocket socket, String text);

	/** The socket ended, closed by the provider or failed: {@code why} in words. */
	protected abstract void ended(String why);

	/** Sends a close frame, if the socket is still open. */
	protected final void sendClose(String reason) {
		WebSocket open = this.socket;
		if (open != null && !open.isOutputClosed()) {
			open.sendClose(WebSocket.NORMAL_CLOSURE, reason).exceptionally((ex) -> null);
		}
	}

	protected final @Nullable WebSocket socket() {
		return this.socket;
	}

	/** The socket is open (before any message): a hook for protocols that speak first or wait with a deadline. */
	protected void opened(WebSocket socket) {
	}

	@Override
	public final void onOpen(WebSocket webSocket) {
		this.socket = webSocket;
		opened(webSocket);
		webSocket.request(1);
	}

	@Override
	public final @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			String text = this.partial.toString();
			this.partial.setLength(0);
			try {
				message(webSocket, text);
			}
			catch (RuntimeException ex) {
				log.warn("{} sent a message that could not be read ({}): {}", this.name, ex.getClass().getSimpleName(),
						(text.length() > 200) ? text.substring(0, 200) : text);
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public final @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		ended(this.name + " closed the socket (" + statusCode + ")");
		return null;
	}

	@Override
	public final void onError(WebSocket webSocket, Throwable error) {
		ended(this.name + "'s socket failed: " + error.getClass().getSimpleName());
	}

}
