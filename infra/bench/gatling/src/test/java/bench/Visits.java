package bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.function.Supplier;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * A cadre's visit: check-in with an idempotency key, then check-out with the needs heard; and the HTTP protocol
 * every simulation uses.
 */
final class Visits {

	static final String FEEDER = "visitors.csv";

	private Visits() {
	}

	static boolean available(String key) {
		return Bench.visitsAvailable(key);
	}

	static HttpProtocolBuilder protocol() {
		return http.baseUrl(Bench.BASE)
			.acceptHeader("application/json")
			.contentTypeHeader("application/json")
			.userAgentHeader("grassroots-bench");
	}

	/** Expects the feeder's token, orgId, lat, lng in the session. */
	static ChainBuilder checkInOut(Supplier<String> checkInLabel, Supplier<String> checkOutLabel) {
		return exec(http("check-in").post("/api/v1/visits")
			.header("Authorization", "Bearer #{token}")
			.header("Idempotency-Key", "#{randomUuid()}")
			.body(StringBody("{\"visitedOrgId\":#{orgId},\"location\":{\"lat\":#{lat},\"lng\":#{lng},"
					+ "\"accuracy\":12},\"note\":\"走基层周入户走访\"}"))
			.check(responseTimeInMillis().saveAs("rt"), status().is(201), jsonPath("$.id").saveAs("visitId")))
			.exec(Recorder.record(checkInLabel))
			.doIf(session -> session.contains("visitId"))
			.then(exec(http("check-out").post("/api/v1/visits/#{visitId}/check-out")
				.header("Authorization", "Bearer #{token}")
				.body(StringBody("{\"location\":{\"lat\":#{lat},\"lng\":#{lng},\"accuracy\":15},\"peopleMet\":6,"
						+ "\"needs\":[\"希望开展电商技能培训\"],\"resolved\":[\"篮球场灯光已报修\"]}"))
				.check(responseTimeInMillis().saveAs("rt"), status().is(200)))
				.exec(Recorder.record(checkOutLabel))
				.exec(session -> session.remove("visitId")));
	}

}
