package dev.observatory.trading.marketdata.dbn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder against real DBN files written by Databento's own tools (src/test/resources/dbn, copied
 * unchanged from the public databento/dbn repository, Apache-2.0). The expected values are the ones
 * Databento's C++ client asserts on the same data ({@code databento-cpp}, {@code tests/src/dbn_decoder_tests.cpp}).
 */
class DbnDecoderTest {

	@ParameterizedTest
	@ValueSource(strings = { "test_data.ohlcv-1m.dbn", "test_data.ohlcv-1m.v3.dbn.zst" })
	void ohlcvBarsInVersion2AndZstdVersion3(String file) throws IOException {
		try (DbnDecoder decoder = open(file)) {
			DbnMetadata metadata = decoder.metadata();
			assertThat(metadata.version()).isEqualTo(file.contains("v3") ? 3 : 2);
			assertThat(metadata.dataset()).isEqualTo("GLBX.MDP3");
			assertThat(metadata.schema()).isEqualTo(6);
			assertThat(metadata.start()).isEqualTo(1609160400000000000L);
			assertThat(metadata.end()).isEqualTo(1609200000000000000L);
			assertThat(metadata.limit()).isEqualTo(2);
			assertThat(metadata.mappings().get(0).intervals().get(0))
				.isEqualTo(new DbnMetadata.Interval(20201228, 20201229, "5482"));
			List<DbnRecord> records = decoder.readAll();
			assertThat(records).hasSize(2);
			DbnRecord.Ohlcv first = (DbnRecord.Ohlcv) records.get(0);
			assertThat(first.rtype()).isEqualTo(0x21);
			assertThat(first.publisherId()).isEqualTo(1);
			assertThat(first.instrumentId()).isEqualTo(5482);
			assertThat(first.tsEvent()).isEqualTo(1609160400000000000L);
			assertThat(first.open()).isEqualTo(372025000000000L);
			assertThat(first.high()).isEqualTo(372150000000000L);
			assertThat(first.low()).isEqualTo(372025000000000L);
			assertThat(first.close()).isEqualTo(372100000000000L);
			assertThat(first.volume()).isEqualTo(353);
			assertThat(DbnRecord.price(first.open())).isEqualByComparingTo(new BigDecimal("372025"));
			DbnRecord.Ohlcv second = (DbnRecord.Ohlcv) records.get(1);
			assertThat(second.tsEvent()).isEqualTo(1609160460000000000L);
			assertThat(second.close()).isEqualTo(372150000000000L);
			assertThat(second.volume()).isEqualTo(152);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "test_data.trades.dbn", "test_data.trades.v3.dbn.zst" })
	void tradesInVersion2AndZstdVersion3(String file) throws IOException {
		try (DbnDecoder decoder = open(file)) {
			assertThat(decoder.metadata().schema()).isEqualTo(4);
			List<DbnRecord> records = decoder.readAll();
			assertThat(records).hasSize(2);
			DbnRecord.Trade first = (DbnRecord.Trade) records.get(0);
			assertThat(first.instrumentId()).isEqualTo(5482);
			assertThat(first.tsEvent()).isEqualTo(1609160400098821953L);
			assertThat(first.price()).isEqualTo(3720250000000L);
			assertThat(first.size()).isEqualTo(5);
			assertThat(first.action()).isEqualTo('T');
			assertThat(first.side()).isEqualTo('A');
			assertThat(first.flags()).isEqualTo(129);
			assertThat(first.depth()).isZero();
			assertThat(first.tsRecv()).isEqualTo(1609160400099150057L);
			assertThat(first.tsInDelta()).isEqualTo(19251);
			assertThat(first.sequence()).isEqualTo(1170380);
			DbnRecord.Trade second = (DbnRecord.Trade) records.get(1);
			assertThat(second.size()).isEqualTo(21);
			assertThat(second.sequence()).isEqualTo(1170414);
			assertThat(second.tsRecv()).isEqualTo(1609160400108142648L);
		}
	}

	@Test
	void topOfBook() throws IOException {
		try (DbnDecoder decoder = open("test_data.mbp-1.dbn")) {
			List<DbnRecord> records = decoder.readAll();
			assertThat(records).hasSize(2);
			DbnRecord.Mbp1 first = (DbnRecord.Mbp1) records.get(0);
			assertThat(first.tsEvent()).isEqualTo(1609160400006001487L);
			assertThat(first.price()).isEqualTo(3720500000000L);
			assertThat(first.size()).isEqualTo(1);
			assertThat(first.action()).isEqualTo('A');
			assertThat(first.side()).isEqualTo('A');
			assertThat(first.flags()).isEqualTo(128);
			assertThat(first.tsRecv()).isEqualTo(1609160400006136329L);
			assertThat(first.tsInDelta()).isEqualTo(17214);
			assertThat(first.sequence()).isEqualTo(1170362);
			assertThat(first.bidPx()).isEqualTo(3720250000000L);
			assertThat(first.askPx()).isEqualTo(3720500000000L);
			assertThat(first.bidSz()).isEqualTo(24);
			assertThat(first.askSz()).isEqualTo(11);
			assertThat(first.bidCt()).isEqualTo(15);
			assertThat(first.askCt()).isEqualTo(9);
			DbnRecord.Mbp1 second = (DbnRecord.Mbp1) records.get(1);
			assertThat(second.sequence()).isEqualTo(1170364);
			assertThat(second.askSz()).isEqualTo(12);
			assertThat(second.askCt()).isEqualTo(10);
		}
	}

	@Test
	void instrumentDefinitions() throws IOException {
		try (DbnDecoder decoder = open("test_data.definition.dbn")) {
			DbnMetadata metadata = decoder.metadata();
			assertThat(metadata.dataset()).isEqualTo("XNAS.ITCH");
			assertThat(metadata.start()).isEqualTo(1633305600000000000L);
			assertThat(metadata.end()).isEqualTo(1641254400000000000L);
			assertThat(metadata.symbols()).containsExactly("MSFT");
			assertThat(metadata.mappings().get(0).intervals()).hasSize(62);
			assertThat(metadata.mappings().get(0).intervals().get(0).symbol()).isEqualTo("6819");
			List<DbnRecord> records = decoder.readAll();
			assertThat(records).hasSize(2);
			for (DbnRecord record : records) {
				DbnRecord.InstrumentDefinition definition = (DbnRecord.InstrumentDefinition) record;
				assertThat(definition.exchange()).isEqualTo("XNAS");
				assertThat(definition.securityUpdateAction()).isEqualTo('A');
				assertThat(definition.minLotSizeRoundLot()).isEqualTo(100);
				assertThat(definition.instrumentClass()).isEqualTo('K');
				assertThat(definition.strikePrice()).isEqualTo(DbnRecord.UNDEF_PRICE);
				assertThat(definition.rawSymbol()).isEqualTo("MSFT");
			}
			assertThat(records.get(0).instrumentId()).isEqualTo(6819);
			assertThat(records.get(0).publisherId()).isEqualTo(2);
			assertThat(((DbnRecord.InstrumentDefinition) records.get(0)).group()).isEqualTo("pxnas-1");
			assertThat(records.get(1).instrumentId()).isEqualTo(6830);
		}
	}

	@Test
	void statisticsWithAnUndefinedQuantity() throws IOException {
		try (DbnDecoder decoder = open("test_data.statistics.dbn")) {
			List<DbnRecord> records = decoder.readAll();
			assertThat(records).hasSize(2);
			DbnRecord.Statistics first = (DbnRecord.Statistics) records.get(0);
			assertThat(first.instrumentId()).isEqualTo(146945);
			assertThat(first.statType()).as("LowestOffer").isEqualTo(7);
			assertThat(first.price()).isEqualTo(100_000_000_000L);
			assertThat(first.quantity()).as("undefined").isEqualTo(Long.MAX_VALUE);
			assertThat(first.sequence()).isEqualTo(2);
			assertThat(first.updateAction()).isEqualTo(1);
			DbnRecord.Statistics second = (DbnRecord.Statistics) records.get(1);
			assertThat(second.statType()).as("TradingSessionHighPrice").isEqualTo(5);
			assertThat(second.price()).isEqualTo(100_000_000_000L);
		}
	}

	@Test
	void tradingStatus() throws IOException {
		try (DbnDecoder decoder = open("test_data.status.dbn")) {
			assertThat(decoder.metadata().schema()).isEqualTo(11);
			List<DbnRecord> records = decoder.readAll();
			// No Databento test asserts these; they follow the record layout and are consistent with the bars' day.
			assertThat(records).hasSize(4).allSatisfy((record) -> assertThat(record.instrumentId()).isEqualTo(5482));
			DbnRecord.Status first = (DbnRecord.Status) records.get(0);
			assertThat(first.tsRecv()).isEqualTo(1609113600000000000L);
			assertThat(first.action()).isEqualTo(7);
			assertThat(first.isTrading()).isEqualTo('Y');
			DbnRecord.Status second = (DbnRecord.Status) records.get(1);
			assertThat(second.action()).isEqualTo(1);
			assertThat(second.isTrading()).isEqualTo('N');
		}
	}

	@Test
	void whatIsNotDbnIsRefusedWithTheReason() {
		assertThatThrownBy(() -> DbnDecoder.open(new ByteArrayInputStream("{\"json\": true}".getBytes())))
			.isInstanceOf(DbnFormatException.class)
			.hasMessageContaining("does not start with \"DBN\"");
		assertThatThrownBy(() -> DbnDecoder.open(new ByteArrayInputStream(new byte[] { 'D', 'B', 'N', 1, 0, 0, 0, 0 })))
			.isInstanceOf(DbnFormatException.class)
			.hasMessageContaining("version 1 is not supported");
	}

	@Test
	void aTruncatedRecordIsAnErrorNotASilentEnd() throws IOException {
		byte[] whole;
		try (InputStream in = resource("test_data.ohlcv-1m.dbn")) {
			whole = in.readAllBytes();
		}
		byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
		try (DbnDecoder decoder = DbnDecoder.open(new ByteArrayInputStream(cut))) {
			assertThat(decoder.next()).isInstanceOf(DbnRecord.Ohlcv.class);
			assertThatThrownBy(decoder::next).isInstanceOf(DbnFormatException.class).hasMessageContaining("truncated");
		}
	}

	private static DbnDecoder open(String file) throws IOException {
		return DbnDecoder.open(resource(file));
	}

	private static InputStream resource(String file) {
		InputStream in = DbnDecoderTest.class.getResourceAsStream("/dbn/" + file);
		assertThat(in).as(file).isNotNull();
		return in;
	}

}
