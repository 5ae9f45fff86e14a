package io.kosmos.mqtt.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.kosmos.mqtt.config.KosmosMqttProperties;
import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequestCustomizer;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.handler.ResultMessageCustomizer;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import io.kosmos.mqtt.message.TriggerType;
import io.kosmos.mqtt.runtime.TriggerListener.AnalysisFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor without a broker: filters, customizers and handler failures.
 */
@ExtendWith(OutputCaptureExtension.class)
class TriggerProcessorTests {

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private static final String SENSOR_UPDATE = """
			{"body": {"contract": "c7", "machine": "mill-1", "sensor": "spindle", "type": "sensor_update",
			  "payload": {"body": {"timestamp": "2024-01-01T00:00:00Z",
			    "columns": [{"name": "v", "type": "number", "meta": {"unit": "mm"}}], "data": [["1", "2", "3"]]}}}}""";

	private static final String TEXT_RESULT = """
			{"body": {"contract": "c7", "machine": "mill-1", "sensor": "spindle", "type": "analyse_result",
			  "payload": {"body": {"from": "detector", "model": {"url": "d", "tag": "v1"},
			    "timestamp": "2024-01-01T00:00:00Z", "type": "text",
			    "calculated": {"message": {"machine": "mill-1", "sensor": "spindle"}, "received": "2024-01-01T00:00:00Z"},
			    "results": {"total": "stop", "predict": 0.9}}}}}""";

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final RecordingListener listener = new RecordingListener();

	private final TriggerStatistics statistics = new TriggerStatistics();

	private final AtomicInteger acknowledged = new AtomicInteger();

	@Test
	void filteredTriggerTypeIsCountedAcknowledgedAndNotAnError(CapturedOutput output) {
		TriggerProcessor processor = processor(echo(), new TriggerFilter(Set.of(TriggerType.SENSOR_UPDATE), Set.of()),
				List.of(), List.of());

		processor.process(received(TEXT_RESULT));

		assertThat(this.listener.filtered).containsExactly(
				"trigger type analyse_result is not in kosmos.mqtt.filter.trigger-types [sensor_update]");
		assertThat(this.listener.failures).isEmpty();
		assertThat(this.listener.rejected).isEmpty();
		assertThat(this.statistics.filtered()).isEqualTo(1);
		assertThat(this.statistics.failed()).isZero();
		assertThat(this.acknowledged).hasValue(1);
		assertThat(this.publisher.messages).isEmpty();
		assertThat(output).doesNotContain("ERROR").doesNotContain("WARN");
	}

	@Test
	void filteredPreviousResultType() {
		TriggerProcessor processor = processor(echo(),
				new TriggerFilter(Set.of(), Set.of(ResultType.TIME_SERIES, ResultType.MULTIPLE_TIME_SERIES)), List.of(),
				List.of());

		processor.process(received(TEXT_RESULT));
		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.filtered).containsExactly("previous result type text is not in "
				+ "kosmos.mqtt.filter.result-types [time_series, multiple_time_series]");
		assertThat(this.publisher.messages).hasSize(1);
		assertThat(this.acknowledged).hasValue(2);
	}

	@Test
	void textInputReachesHandler() {
		List<String> seen = new ArrayList<>();
		TriggerProcessor processor = processor((request) -> {
			seen.add(request.text().total() + " from " + request.previous().from());
			return AnalysisResult.text("ok", 1);
		}, TriggerFilter.acceptAll(), List.of(), List.of());

		processor.process(received(TEXT_RESULT));

		assertThat(seen).containsExactly("stop from detector");
		assertThat(this.publisher.messages).hasSize(1);
	}

	@Test
	void customizersAppliedInOrder() {
		AnalysisRequestCustomizer addHistory = (request) -> {
			Table history = Table.create("h", DoubleColumn.create("v", 10.0));
			return request.withTable(history.append(request.table()), request.columns());
		};
		AnalysisRequestCustomizer doubleIt = (request) -> {
			Table table = request.table().copy();
			table.replaceColumn("v", table.doubleColumn("v").multiply(2).setName("v"));
			return request.withTable(table, request.columns());
		};
		ResultMessageCustomizer mark = (body, request, result) -> body.put("from", "marked-" + request.contract());
		ResultMessageCustomizer rename = (body, request, result) -> ((ObjectNode) body.get("results").get("columns")
			.get(0)).put("name", "sum-" + body.get("from").stringValue());
		TriggerProcessor processor = processor((request) -> AnalysisResult
			.timeSeries(Table.create("r", DoubleColumn.create("sum", request.table().doubleColumn("v").sum()))),
				TriggerFilter.acceptAll(), List.of(addHistory, doubleIt), List.of(mark, rename));

		processor.process(received(SENSOR_UPDATE));

		JsonNode body = this.publisher.lastBody();
		assertThat(body.get("from").stringValue()).isEqualTo("marked-c7");
		assertThat(body.get("results").get("columns").get(0).get("name").stringValue()).isEqualTo("sum-marked-c7");
		assertThat(body.get("results").get("data").get(0).get(0).stringValue()).isEqualTo("32.0");
	}

	@Test
	void customizerBreakingTheSchemaIsNotPublished(CapturedOutput output) {
		ResultMessageCustomizer breaking = (body, request, result) -> body.put("extra", true);
		TriggerProcessor processor = processor(echo(), TriggerFilter.acceptAll(), List.of(), List.of(breaking));

		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.INVALID_RESULT);
		assertThat(this.publisher.messages).isEmpty();
		assertThat(output).contains("for contract 'c7' does not match the KOSMoS analysis schema");
	}

	@Test
	void handlerExceptionLoggedWithContractAndToolGoesOn(CapturedOutput output) {
		AtomicInteger calls = new AtomicInteger();
		TriggerProcessor processor = processor((request) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("model not loaded");
			}
			return AnalysisResult.timeSeries(request.table());
		}, TriggerFilter.acceptAll(), List.of(), List.of());

		processor.process(received(SENSOR_UPDATE));
		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.HANDLER_EXCEPTION);
		assertThat(output).contains("Analysis handler failed on trigger 1 for contract 'c7'")
			.contains("java.lang.IllegalStateException: model not loaded");
		assertThat(this.publisher.messages).hasSize(1);
		assertThat(this.acknowledged).hasValue(2);
	}

	@Test
	void nullResultLoggedWithContract(CapturedOutput output) {
		TriggerProcessor processor = processor((request) -> null, TriggerFilter.acceptAll(), List.of(), List.of());

		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.NULL_RESULT);
		assertThat(output).contains("Analysis handler returned null for trigger 1 of contract 'c7'");
		assertThat(this.acknowledged).hasValue(1);
	}

	@Test
	void resultThatDoesNotFitLoggedWithContract(CapturedOutput output) {
		TriggerProcessor processor = processor((request) -> AnalysisResult.timeSeries(Table.create("empty")),
				TriggerFilter.acceptAll(), List.of(), List.of());

		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.INVALID_RESULT);
		assertThat(output).contains("Result of trigger 1 for contract 'c7' cannot be written: Result table 'empty' has "
				+ "no columns; a KOSMoS time series needs at least one column");
		assertThat(this.publisher.messages).isEmpty();
		assertThat(this.acknowledged).hasValue(1);
	}

	@Test
	void textResultWithNaNScoreDoesNotMatchSchema(CapturedOutput output) {
		TriggerProcessor processor = processor((request) -> AnalysisResult.text("stop", Double.NaN),
				TriggerFilter.acceptAll(), List.of(), List.of());

		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.INVALID_RESULT);
		assertThat(output).contains("for contract 'c7' does not match the KOSMoS analysis schema");
	}

	@Test
	void requestCustomizerReturningNullIsAHandlerFailure(CapturedOutput output) {
		TriggerProcessor processor = processor(echo(), TriggerFilter.acceptAll(), List.of((request) -> null),
				List.of());

		processor.process(received(SENSOR_UPDATE));

		assertThat(this.listener.failures).containsExactly(AnalysisFailure.HANDLER_EXCEPTION);
		assertThat(output).contains("returned null; return the request it was given, or a copy");
	}

	private static AnalysisHandler echo() {
		return (request) -> AnalysisResult.timeSeries(request.table());
	}

	private ReceivedTrigger received(String json) {
		return new ReceivedTrigger(1, "kosmos/analytics/wear/v1", json.getBytes(StandardCharsets.UTF_8),
				Instant.parse("2024-01-01T00:00:01Z"), this.acknowledged::incrementAndGet);
	}

	private TriggerProcessor processor(AnalysisHandler handler, TriggerFilter filter,
			List<AnalysisRequestCustomizer> requestCustomizers, List<ResultMessageCustomizer> resultCustomizers) {
		KosmosMqttProperties properties = new KosmosMqttProperties();
		properties.getModel().setUrl("wear");
		properties.getModel().setTag("v1");
		properties.getModel().setFrom("wear-tool");
		properties.getResult().setTemporary(false);
		SchemaValidator validator = new SchemaValidator();
		return new TriggerProcessor(new TriggerProcessor.Settings(new TriggerReader(MAPPER, validator), handler,
				new ResultMessageWriter("wear-tool", "wear", "v1"), validator, true, MAPPER, this.publisher,
				new KosmosTopics(properties), 2,
				new CompositeTriggerListener(List.of(this.listener, this.statistics)),
				Clock.fixed(Instant.parse("2024-01-01T00:00:02Z"), ZoneOffset.UTC), filter, requestCustomizers,
				resultCustomizers));
	}

	@Test
	void acknowledgedOnlyAfterBrokerCompletesPublish() {
		TriggerProcessor processor = processor(echo(), TriggerFilter.acceptAll(), List.of(), List.of());
		List<Runnable> completionTasks = new ArrayList<>();
		processor.setCompletionExecutor(completionTasks::add);
		this.publisher.pending = new CompletableFuture<>();

		CompletableFuture<Void> processed = processor.process(received(SENSOR_UPDATE));

		assertThat(this.publisher.messages).hasSize(1);
		assertThat(this.acknowledged).hasValue(0);
		assertThat(processed).isNotDone();
		this.publisher.pending.complete(null);
		assertThat(this.acknowledged).hasValue(0);
		assertThat(completionTasks).hasSize(1);
		completionTasks.get(0).run();
		assertThat(this.acknowledged).hasValue(1);
		assertThat(processed).isCompleted();
		assertThat(this.statistics.processed()).isEqualTo(1);
	}

	@Test
	void failedPublishLeavesTriggerUnacknowledged(CapturedOutput output) {
		TriggerProcessor processor = processor(echo(), TriggerFilter.acceptAll(), List.of(), List.of());
		this.publisher.pending = new CompletableFuture<>();

		CompletableFuture<Void> processed = processor.process(received(SENSOR_UPDATE));
		this.publisher.pending.completeExceptionally(new IllegalStateException("connection lost"));

		assertThat(processed).isCompleted();
		assertThat(this.acknowledged).hasValue(0);
		assertThat(this.listener.failures).containsExactly(AnalysisFailure.PUBLISH_FAILED);
		assertThat(this.statistics.failed()).isEqualTo(1);
		assertThat(output).contains("Publishing the result of trigger 1 for contract 'c7' to 'kosmos/analyses/c7' "
				+ "failed; the trigger is not acknowledged");
		assertThat(output).contains("connection lost");
	}

	static final class RecordingPublisher extends MqttPublisher {

		final List<byte[]> messages = new ArrayList<>();

		/** The future of the next publish, or {@code null} to complete at once. */
		CompletableFuture<Void> pending;

		RecordingPublisher() {
			super(Duration.ofSeconds(1));
		}

		@Override
		public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
			this.messages.add(payload);
			return (this.pending != null) ? this.pending : CompletableFuture.completedFuture(null);
		}

		JsonNode lastBody() {
			return MAPPER.readTree(this.messages.get(this.messages.size() - 1)).get("body");
		}

	}

	static final class RecordingListener implements TriggerListener {

		final List<String> filtered = new ArrayList<>();

		final List<AnalysisFailure> failures = new ArrayList<>();

		final List<InvalidTriggerException> rejected = new ArrayList<>();

		@Override
		public void triggerFiltered(ReceivedTrigger received, Trigger trigger, String reason) {
			this.filtered.add(reason);
		}

		@Override
		public void triggerRejected(ReceivedTrigger received, InvalidTriggerException error) {
			this.rejected.add(error);
		}

		@Override
		public void analysisFailed(ReceivedTrigger received, Trigger trigger, AnalysisFailure failure,
				Throwable error) {
			this.failures.add(failure);
		}

	}

}
