package dev.observatory.telemetry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only local file of usage events that could not be written to the database, replayed
 * oldest first when it is back. Events are JSON lines in numbered segment files; a segment is
 * appended, fsynced, closed at a size limit, replayed whole, and deleted only after its events are
 * committed. A crash between commit and delete replays a segment twice, which the idempotent
 * writer absorbs. The total size is bounded: past it, {@link #append} refuses and the caller counts
 * the loss.
 */
final class UsageSpool {

	private static final String PREFIX = "usage-";

	private static final String SUFFIX = ".jsonl";

	private static final long SEGMENT_BYTES = 8L * 1024 * 1024;

	private final Path directory;

	private final long maxBytes;

	private final JsonMapper jsonMapper;

	private long nextSequence;

	private long pendingEvents;

	private long sizeBytes;

	private @Nullable Instant oldestEventAt;

	UsageSpool(Path directory, long maxBytes, JsonMapper jsonMapper) throws IOException {
		this.directory = Files.createDirectories(directory);
		this.maxBytes = maxBytes;
		this.jsonMapper = jsonMapper;
		// Counting lines is enough here; only the first event of the first segment is parsed.
		for (Path segment : segments()) {
			this.pendingEvents += countEvents(segment);
			this.sizeBytes += Files.size(segment);
			this.nextSequence = Math.max(this.nextSequence, sequenceOf(segment) + 1);
		}
		this.oldestEventAt = firstEventTime();
	}

	/** Appends the events durably; false, writing nothing, when the spool would exceed its size limit. */
	synchronized boolean append(List<UsageEvent> events) throws IOException {
		StringBuilder lines = new StringBuilder(events.size() * 300);
		for (UsageEvent event : events) {
			lines.append(this.jsonMapper.writeValueAsString(event)).append('\n');
		}
		byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
		if (this.sizeBytes + bytes.length > this.maxBytes) {
			return false;
		}
		Path segment = currentSegment(bytes.length);
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			channel.write(java.nio.ByteBuffer.wrap(bytes));
			channel.force(false);
		}
		this.sizeBytes += bytes.length;
		this.pendingEvents += events.size();
		if (this.oldestEventAt == null && !events.isEmpty()) {
			this.oldestEventAt = events.get(0).createdAt();
		}
		return true;
	}

	/** The oldest segment, closed so that new events go to a new one while it is replayed. */
	synchronized Optional<Path> oldestSegment() throws IOException {
		List<Path> segments = segments();
		if (segments.isEmpty()) {
			return Optional.empty();
		}
		if (segments.size() == 1) {
			// Close it: appends from now on start the next segment.
			this.nextSequence = sequenceOf(segments.get(0)) + 1;
		}
		return Optional.of(segments.get(0));
	}

	List<UsageEvent> read(Path segment) throws IOException {
		List<UsageEvent> events = new ArrayList<>();
		try (Stream<String> lines = Files.lines(segment, StandardCharsets.UTF_8)) {
			lines.filter((line) -> !line.isBlank())
				.forEach((line) -> events.add(this.jsonMapper.readValue(line, UsageEvent.class)));
		}
		return events;
	}

	/** Forgets a segment whose events are committed. */
	synchronized void delete(Path segment, int events) throws IOException {
		long bytes = Files.size(segment);
		Files.delete(segment);
		this.sizeBytes -= bytes;
		this.pendingEvents -= events;
		this.oldestEventAt = firstEventTime();
	}

	synchronized long pendingEvents() {
		return this.pendingEvents;
	}

	synchronized long sizeBytes() {
		return this.sizeBytes;
	}

	synchronized @Nullable Instant oldestEventAt() {
		return this.oldestEventAt;
	}

	Path directory() {
		return this.directory;
	}

	/** When the oldest spooled event was made: the first line of the first non-empty segment. */
	private @Nullable Instant firstEventTime() throws IOException {
		for (Path segment : segments()) {
			try (Stream<String> lines = Files.lines(segment, StandardCharsets.UTF_8)) {
				Optional<String> first = lines.filter((line) -> !line.isBlank()).findFirst();
				if (first.isPresent()) {
					return this.jsonMapper.readValue(first.get(), UsageEvent.class).createdAt();
				}
			}
		}
		return null;
	}

	private static long countEvents(Path segment) throws IOException {
		try (Stream<String> lines = Files.lines(segment, StandardCharsets.UTF_8)) {
			return lines.filter((line) -> !line.isBlank()).count();
		}
	}

	private Path currentSegment(int incomingBytes) throws IOException {
		Path current = this.directory.resolve(PREFIX + String.format("%012d", this.nextSequence) + SUFFIX);
		if (Files.exists(current) && Files.size(current) + incomingBytes > SEGMENT_BYTES) {
			this.nextSequence++;
			current = this.directory.resolve(PREFIX + String.format("%012d", this.nextSequence) + SUFFIX);
		}
		return current;
	}

	private List<Path> segments() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(PREFIX)
					&& file.getFileName().toString().endsWith(SUFFIX))
				.sorted(Comparator.comparingLong(UsageSpool::sequenceOf))
				.toList();
		}
	}

	private static long sequenceOf(Path segment) {
		String name = segment.getFileName().toString();
		return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
	}

}
