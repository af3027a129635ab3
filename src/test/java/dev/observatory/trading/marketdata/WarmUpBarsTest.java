package dev.observatory.trading.marketdata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.stubs.OwnUsageStubTest;
import dev.observatory.integrations.stubs.ProviderStubs;
import dev.observatory.telemetry.CallingContext;
import dev.observatory.test.Await;
import dev.observatory.trading.Instruments;
import dev.observatory.trading.MinuteBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real-data run's warm-up history, against the stubs: Databento's ohlcv-1m as zstd DBN (the real
 * fixture's bars moved to the last minutes) and Polygon's one-minute aggregates; closed bars only,
 * each call the bot's.
 */
@OwnUsageStubTest
class WarmUpBarsTest {

	private static final String GET_RANGE = "/databento/v0/timeseries.get_range";

	@Autowired
	WarmUpBars history;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void setUp() {
		ProviderStubs.reset();
	}

	@AfterEach
	void tearDown() {
		ProviderStubs.reset();
	}

	@Test
	void databentosHistoryIsAskedAsTheOfficialClientsAskAndDecodedFromZstdDbn() {
		Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		// The fixture's two ESH1 bars, moved: one closed two minutes ago, one not closed yet.
		byte[] body = ohlcvFixtureAt(minute.minus(2, ChronoUnit.MINUTES), minute.plus(1, ChronoUnit.MINUTES));
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo(GET_RANGE)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(body)));
		UUID bot = UUID.randomUUID();

		List<MinuteBar> bars = CallingContext.callAs(bot, null,
				() -> this.history.recent("databento", Instruments.find("ES").orElseThrow(), 30));

		assertThat(bars).as("the bar not closed yet is left out").singleElement().satisfies((bar) -> {
			assertThat(bar.start()).isEqualTo(minute.minus(2, ChronoUnit.MINUTES));
			// the values the dbn repository's own tests assert for this bar, in 1e-9 units
			assertThat(bar.open()).isEqualTo(372025000000000L / 1e9);
			assertThat(bar.high()).isEqualTo(372150000000000L / 1e9);
			assertThat(bar.close()).isEqualTo(372100000000000L / 1e9);
			assertThat(bar.volume()).isEqualTo(353);
			assertThat(bar.dataSource()).isEqualTo("databento");
		});
		ProviderStubs.WIREMOCK.verify(postRequestedFor(urlPathEqualTo(GET_RANGE))
			.withFormParam("dataset", equalTo("GLBX.MDP3"))
			.withFormParam("symbols", equalTo("ES.c.0"))
			.withFormParam("stype_in", equalTo("continuous"))
			.withFormParam("schema", equalTo("ohlcv-1m"))
			.withFormParam("encoding", equalTo("dbn"))
			.withFormParam("compression", equalTo("zstd"))
			.withFormParam("end", absent()));
		String form = ProviderStubs.WIREMOCK.findAll(postRequestedFor(urlPathEqualTo(GET_RANGE))).get(0).getBodyAsString();
		Instant start = Instant.parse(java.net.URLDecoder.decode(form.replaceAll(".*start=([^&]*).*", "$1"),
				java.nio.charset.StandardCharsets.UTF_8));
		assertThat(Duration.between(start, minute)).as("30 minutes and the 60-minute slack, from a whole minute")
			.isIn(Duration.ofMinutes(90), Duration.ofMinutes(89));
		Await.until(Duration.ofSeconds(10), "the history call recorded as the bot's", () -> this.jdbc.sql("""
				SELECT count(*) FROM integration_usage_events WHERE bot_id = ? AND endpoint_name = 'databento.get_range'
				    AND status = 'OK'""").param(bot).query(Integer.class).single() == 1);
	}

	@Test
	void theFixturesOwnBarsAreOutsideTheWindowSoTheHappyPathStubWarmsNothing() {
		assertThat(this.history.recent("databento", Instruments.find("MES").orElseThrow(), 30)).isEmpty();
	}

	@Test
	void aBodyThatIsNotDbnIsAnUnexpectedResponseNotAnEmptyHistory() {
		ProviderStubs.WIREMOCK.stubFor(post(urlPathEqualTo(GET_RANGE)).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));
		assertThatThrownBy(() -> this.history.recent("databento", Instruments.find("ES").orElseThrow(), 30))
			.isInstanceOf(ProviderCallException.class)
			.hasMessageContaining("could not be decoded as DBN");
	}

	@Test
	void polygonsMinuteAggregatesWarmEquitiesAndNeverFutures() {
		long now = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
		ProviderStubs.WIREMOCK.stubFor(get(urlPathMatching("/polygon/v2/aggs/ticker/SPY/range/1/minute/\\d+/\\d+"))
			.atPriority(1)
			.willReturn(okJson("""
					{"ticker":"SPY","adjusted":true,"queryCount":3,"resultsCount":3,"status":"OK","request_id":"r",
					 "results":[{"o":600.1,"h":600.5,"l":600.0,"c":600.4,"v":1200,"vw":600.3,"t":%d,"n":40},
					            {"o":600.4,"h":600.9,"l":600.2,"c":600.8,"v":900,"vw":600.6,"t":%d,"n":31},
					            {"o":600.8,"h":601.0,"l":600.7,"c":600.9,"v":300,"vw":600.9,"t":%d,"n":12}]}"""
				.formatted(now - 120_000, now - 60_000, now + 60_000))));

		List<MinuteBar> bars = this.history.recent("polygon", Instruments.find("SPY").orElseThrow(), 30);

		assertThat(bars).extracting(MinuteBar::close).as("the bar not closed yet left out").containsExactly(600.4, 600.8);
		assertThat(bars).allSatisfy((bar) -> assertThat(bar.dataSource()).isEqualTo("polygon"));
		ProviderStubs.WIREMOCK.verify(getRequestedFor(urlPathMatching("/polygon/v2/aggs/ticker/SPY/range/1/minute/.*"))
			.withQueryParam("sort", equalTo("asc")));

		assertThat(this.history.recent("polygon", Instruments.find("ES").orElseThrow(), 30)).isEmpty();
		ProviderStubs.WIREMOCK.verify(0, getRequestedFor(urlPathMatching("/polygon/v2/aggs/ticker/ES/.*")));
	}

	/** The real zstd ohlcv-1m fixture with its two bars' {@code ts_event} moved to {@code first} and {@code second}. */
	private static byte[] ohlcvFixtureAt(Instant first, Instant second) {
		try (ZstdInputStream in = new ZstdInputStream(
				new ByteArrayInputStream(ProviderStubs.resource("/dbn/test_data.ohlcv-1m.v3.dbn.zst")))) {
			byte[] plain = in.readAllBytes();
			ByteBuffer buffer = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
			int offset = 8 + buffer.getInt(4);
			for (Instant at : List.of(first, second)) {
				buffer.putLong(offset + 8, at.getEpochSecond() * 1_000_000_000L);
				offset += (plain[offset] & 0xFF) * 4;
			}
			ByteArrayOutputStream compressed = new ByteArrayOutputStream();
			try (ZstdOutputStream out = new ZstdOutputStream(compressed)) {
				out.write(plain);
			}
			return compressed.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
