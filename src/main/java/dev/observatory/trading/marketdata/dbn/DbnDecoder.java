package dev.observatory.trading.marketdata.dbn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.github.luben.zstd.ZstdInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a DBN stream: the metadata header, then one record at a time. Versions 2 and 3; a
 * zstd-compressed stream (the historical API's default) is recognised by its magic number and
 * decompressed on the fly. Records of types it does not read are skipped whole (their length is in
 * their header) and returned as {@link DbnRecord.Other}, so a newer gateway cannot derail it.
 */
public final class DbnDecoder implements AutoCloseable {

	private static final int ZSTD_MAGIC = 0xFD2FB528;

	/** Metadata bytes before the repeated fields, counted from the end of the length field. */
	private static final int FIXED_METADATA = 104;

	private final DataInputStream in;

	private final DbnMetadata metadata;

	private final ByteBuffer record = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

	private DbnDecoder(DataInputStream in, DbnMetadata metadata) {
		this.in = in;
		this.metadata = metadata;
	}

	/** Opens a stream, plain or zstd-compressed, and reads its metadata. */
	public static DbnDecoder open(InputStream source) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(source);
		buffered.mark(4);
		byte[] magic = buffered.readNBytes(4);
		buffered.reset();
		boolean zstd = magic.length == 4
				&& ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt() == ZSTD_MAGIC;
		DataInputStream in = new DataInputStream(
				new BufferedInputStream(zstd ? new ZstdInputStream(buffered) : buffered, 64 * 1024));
		return new DbnDecoder(in, readMetadata(in));
	}

	public DbnMetadata metadata() {
		return this.metadata;
	}

	/** The next record, or null at the end of the stream. */
	public @Nullable DbnRecord next() throws IOException {
		int words = this.in.read();
		if (words < 0) {
			return null;
		}
		int length = words * 4;
		if (length < 16) {
			throw new DbnFormatException("record length " + length + " is shorter than a record header");
		}
		ByteBuffer buffer = this.record.clear();
		buffer.put((byte) words);
		try {
			this.in.readFully(buffer.array(), 1, length - 1);
		}
		catch (EOFException ex) {
			throw new DbnFormatException("truncated record: " + length + " bytes announced");
		}
		buffer.limit(length).position(0);
		return decode(buffer, length, this.metadata.version());
	}

	/** Every remaining record. */
	public List<DbnRecord> readAll() throws IOException {
		List<DbnRecord> records = new ArrayList<>();
		for (DbnRecord next = next(); next != null; next = next()) {
			records.add(next);
		}
		return records;
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	private static DbnMetadata readMetadata(DataInputStream in) throws IOException {
		byte[] prefix = new byte[4];
		try {
			in.readFully(prefix);
		}
		catch (EOFException ex) {
			throw new DbnFormatException("not DBN: the stream ends before its header");
		}
		if (prefix[0] != 'D' || prefix[1] != 'B' || prefix[2] != 'N') {
			throw new DbnFormatException("not DBN: the stream does not start with \"DBN\"");
		}
		int version = prefix[3];
		if (version != 2 && version != 3) {
			throw new DbnFormatException("DBN version " + version + " is not supported (2 and 3 are)");
		}
		int length = Integer.reverseBytes(in.readInt());
		if (length < FIXED_METADATA || length > 64 * 1024 * 1024) {
			throw new DbnFormatException("metadata length " + length + " is out of range");
		}
		byte[] bytes = new byte[length];
		try {
			in.readFully(bytes);
		}
		catch (EOFException ex) {
			throw new DbnFormatException("truncated metadata: " + length + " bytes announced");
		}
		ByteBuffer m = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		String dataset = cString(m, 0, 16);
		int schema = Short.toUnsignedInt(m.getShort(16));
		long start = m.getLong(18);
		long end = m.getLong(26);
		long limit = m.getLong(34);
		int stypeIn = Byte.toUnsignedInt(m.get(42));
		int stypeOut = Byte.toUnsignedInt(m.get(43));
		boolean tsOut = m.get(44) != 0;
		int cstrLen = Short.toUnsignedInt(m.getShort(45));
		int schemaDefinition = m.getInt(100);
		if (schemaDefinition != 0) {
			throw new DbnFormatException("a schema definition in the metadata is not supported");
		}
		m.position(FIXED_METADATA);
		List<String> symbols = strings(m, cstrLen);
		List<String> partial = strings(m, cstrLen);
		List<String> notFound = strings(m, cstrLen);
		int mappingCount = m.getInt();
		List<DbnMetadata.Mapping> mappings = new ArrayList<>(mappingCount);
		for (int i = 0; i < mappingCount; i++) {
			String raw = cString(m, m.position(), cstrLen);
			m.position(m.position() + cstrLen);
			int intervals = m.getInt();
			List<DbnMetadata.Interval> list = new ArrayList<>(intervals);
			for (int j = 0; j < intervals; j++) {
				int from = m.getInt();
				int to = m.getInt();
				String symbol = cString(m, m.position(), cstrLen);
				m.position(m.position() + cstrLen);
				list.add(new DbnMetadata.Interval(from, to, symbol));
			}
			mappings.add(new DbnMetadata.Mapping(raw, List.copyOf(list)));
		}
		// Anything left is v3's padding to an 8-byte boundary: the first record starts after it.
		return new DbnMetadata(version, dataset, schema, start, end, limit, stypeIn, stypeOut, tsOut, symbols, partial,
				notFound, List.copyOf(mappings));
	}

	private static List<String> strings(ByteBuffer m, int cstrLen) {
		int count = m.getInt();
		List<String> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			list.add(cString(m, m.position(), cstrLen));
			m.position(m.position() + cstrLen);
		}
		return List.copyOf(list);
	}

	private static DbnRecord decode(ByteBuffer r, int length, int version) throws DbnFormatException {
		int rtype = Byte.toUnsignedInt(r.get(1));
		int publisher = Short.toUnsignedInt(r.getShort(2));
		long instrument = Integer.toUnsignedLong(r.getInt(4));
		long tsEvent = r.getLong(8);
		return switch (rtype) {
			case 0x20, 0x21, 0x22, 0x23, 0x24 -> {
				require(length, 56, "OHLCV");
				yield new DbnRecord.Ohlcv(rtype, publisher, instrument, tsEvent, r.getLong(16), r.getLong(24), r.getLong(32),
						r.getLong(40), r.getLong(48));
			}
			case 0x00 -> {
				require(length, 48, "trade");
				yield new DbnRecord.Trade(rtype, publisher, instrument, tsEvent, r.getLong(16), u32(r, 24), (char) r.get(28),
						(char) r.get(29), Byte.toUnsignedInt(r.get(30)), Byte.toUnsignedInt(r.get(31)), r.getLong(32),
						r.getInt(40), u32(r, 44));
			}
			case 0x01 -> {
				require(length, 80, "MBP-1");
				yield new DbnRecord.Mbp1(rtype, publisher, instrument, tsEvent, r.getLong(16), u32(r, 24), (char) r.get(28),
						(char) r.get(29), Byte.toUnsignedInt(r.get(30)), Byte.toUnsignedInt(r.get(31)), r.getLong(32),
						r.getInt(40), u32(r, 44), r.getLong(48), r.getLong(56), u32(r, 64), u32(r, 68), u32(r, 72), u32(r, 76));
			}
			case 0x12 -> {
				require(length, 40, "status");
				yield new DbnRecord.Status(rtype, publisher, instrument, tsEvent, r.getLong(16), u16(r, 24), u16(r, 26),
						u16(r, 28), (char) r.get(30), (char) r.get(31), (char) r.get(32));
			}
			case 0x18 -> statistics(r, length, version, rtype, publisher, instrument, tsEvent);
			case 0x13 -> definition(r, length, version, rtype, publisher, instrument, tsEvent);
			case 0x15 -> {
				require(length, 320, "error");
				yield new DbnRecord.Error(rtype, publisher, instrument, tsEvent, cString(r, 16, 302), Byte.toUnsignedInt(r.get(318)),
						r.get(319) != 0);
			}
			case 0x17 -> {
				require(length, 320, "system");
				yield new DbnRecord.SystemMessage(rtype, publisher, instrument, tsEvent, cString(r, 16, 303),
						Byte.toUnsignedInt(r.get(319)));
			}
			default -> new DbnRecord.Other(rtype, publisher, instrument, tsEvent, length);
		};
	}

	private static DbnRecord statistics(ByteBuffer r, int length, int version, int rtype, int publisher, long instrument,
			long tsEvent) throws DbnFormatException {
		if (version >= 3) {
			require(length, 80, "statistics");
			return new DbnRecord.Statistics(rtype, publisher, instrument, tsEvent, r.getLong(16), r.getLong(24), r.getLong(32),
					r.getLong(40), u32(r, 48), r.getInt(52), u16(r, 56), u16(r, 58), Byte.toUnsignedInt(r.get(60)),
					Byte.toUnsignedInt(r.get(61)));
		}
		require(length, 64, "statistics");
		int quantity = r.getInt(40);
		return new DbnRecord.Statistics(rtype, publisher, instrument, tsEvent, r.getLong(16), r.getLong(24), r.getLong(32),
				(quantity == Integer.MAX_VALUE) ? Long.MAX_VALUE : quantity, u32(r, 44), r.getInt(48), u16(r, 52), u16(r, 54),
				Byte.toUnsignedInt(r.get(56)), Byte.toUnsignedInt(r.get(57)));
	}

	private static DbnRecord definition(ByteBuffer r, int length, int version, int rtype, int publisher, long instrument,
			long tsEvent) throws DbnFormatException {
		if (version >= 3) {
			require(length, 520, "instrument definition");
			return new DbnRecord.InstrumentDefinition(rtype, publisher, instrument, tsEvent, r.getLong(16), r.getLong(24),
					r.getLong(32), r.getLong(40), r.getLong(48), r.getLong(104), r.getLong(112), r.getInt(168),
					cString(r, 224, 4), cString(r, 238, 71), cString(r, 309, 21), cString(r, 330, 5), cString(r, 335, 11),
					cString(r, 346, 7), cString(r, 353, 7), (char) r.get(487), (char) r.get(493));
		}
		require(length, 400, "instrument definition");
		return new DbnRecord.InstrumentDefinition(rtype, publisher, instrument, tsEvent, r.getLong(16), r.getLong(24),
				r.getLong(32), r.getLong(40), r.getLong(48), r.getLong(112), u32(r, 128), r.getInt(156), cString(r, 186, 4),
				cString(r, 200, 71), cString(r, 271, 21), cString(r, 292, 5), cString(r, 297, 7), cString(r, 304, 7),
				cString(r, 311, 7), (char) r.get(374), (char) r.get(382));
	}

	private static void require(int length, int size, String what) throws DbnFormatException {
		if (length < size) {
			throw new DbnFormatException("a " + what + " record needs " + size + " bytes, this one has " + length);
		}
	}

	private static long u32(ByteBuffer buffer, int offset) {
		return Integer.toUnsignedLong(buffer.getInt(offset));
	}

	private static int u16(ByteBuffer buffer, int offset) {
		return Short.toUnsignedInt(buffer.getShort(offset));
	}

	/** A fixed-width, NUL-padded string. */
	private static String cString(ByteBuffer buffer, int offset, int width) {
		int end = offset;
		while (end < offset + width && buffer.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - offset];
		buffer.get(offset, bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
