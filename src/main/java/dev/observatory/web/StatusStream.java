package dev.observatory.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live banner: every open page subscribes ({@code GET /ui/status/stream}, Server-Sent Events) and
 * receives the banner's HTML as a {@code status} event whenever the verdict or its reasons change.
 * While somebody is watching the verdict is recomputed every {@code observatory.ui.live-interval}
 * (1 s), so a change reaches the page within 2 s; with nobody watching nothing is computed.
 */
@Controller
class StatusStream {

	private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

	/** SSE connections are re-opened by the browser after this; a held request is not held forever. */
	private static final long EMITTER_TIMEOUT_MS = 5 * 60_000L;

	private final PageStatus status;

	private final TemplateEngine templates;

	private final CopyOnWriteArrayList<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private volatile @Nullable String lastKey;

	StatusStream(PageStatus status, TemplateEngine templates) {
		this.status = status;
		this.templates = templates;
	}

	@GetMapping(path = "/ui/status/stream", produces = "text/event-stream")
	SseEmitter subscribe() {
		SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MS);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(emitter::complete);
		emitter.onError((ex) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		// The page was rendered a moment ago; the verdict may have moved since.
		send(emitter, banner(this.status.current()));
		return emitter;
	}

	@Scheduled(fixedDelayString = "${observatory.ui.live-interval:1s}")
	void push() {
		if (this.emitters.isEmpty()) {
			this.lastKey = null;
			return;
		}
		StatusView view = this.status.fresh();
		if (view.key().equals(this.lastKey)) {
			return;
		}
		this.lastKey = view.key();
		String html = banner(view);
		this.emitters.forEach((emitter) -> send(emitter, html));
	}

	/** Ends every stream before the server's graceful shutdown would wait on them. */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	String banner(StatusView view) {
		Context context = new Context(Locale.ROOT);
		context.setVariable("status", view);
		return this.templates.process("fragments/banner", Set.of("banner"), context);
	}

	private void send(SseEmitter emitter, String html) {
		try {
			// One line: SSE splits data on newlines and htmx joins them back, but a single line is simpler to read.
			emitter.send(SseEmitter.event().name("status").data(html.replace('\n', ' ')));
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Banner subscriber gone: {}", ex.getClass().getSimpleName());
			this.emitters.remove(emitter);
		}
	}

}
