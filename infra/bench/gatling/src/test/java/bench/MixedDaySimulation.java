package bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A visit-week morning at a sustainable pace, everything at once on province-scale data: cadres checking in and
 * out, leaders refreshing dashboards, Youth Home managers logging activities, first secretaries logging themed
 * events. Each part runs only where its endpoint exists.
 */
public class MixedDaySimulation extends Simulation {

	private static final String KEY = "mixed";

	private final int seconds = Bench.intProp("seconds", 60);

	private final String month = Bench.prop("month", "2026-12");

	private final String activityStart = Bench.prop("activityStart", "2026-12-02T02:00:00Z");

	private final String activityEnd = Bench.prop("activityEnd", "2026-12-02T04:00:00Z");

	private final List<String> labels = new ArrayList<>();

	/** Arrivals at the same rates before the measured ones, recorded apart (see {@link Recorder#warmUpFor}). */
	private final int warmUpSeconds = Bench.intProp("warmUpSeconds", 5);

	{
		List<PopulationBuilder> populations = new ArrayList<>();
		String leader = Bench.firstValue(DashboardSimulation.LEADERS);
		String county = Bench.firstValue("counties.csv");
		if (Visits.available(KEY + ".visits")) {
			this.labels.addAll(List.of("checkin", "checkout"));
			populations.add(Recorder.scenario("mixed visits").feed(csv(Bench.feeder(Visits.FEEDER)).circular())
				.exec(Visits.checkInOut(() -> "checkin", () -> "checkout"))
				.injectOpen(atRate("visitRate", 20)));
		}
		if (Bench.available(KEY + ".towns", "GET",
				"/api/v1/dashboards/towns?countyId=" + county + "&month=" + this.month, leader, null)) {
			this.labels.add("towns");
			populations.add(Recorder.scenario("mixed dashboards").feed(csv(Bench.feeder(DashboardSimulation.LEADERS)).circular())
				.feed(csv(Bench.feeder("counties.csv")).random())
				.exec(http("dashboard towns").get("/api/v1/dashboards/towns?countyId=#{countyId}&month=" + this.month)
					.header("Authorization", "Bearer #{token}")
					.check(responseTimeInMillis().saveAs("rt"), status().is(200)))
				.exec(Recorder.record("towns"))
				.injectOpen(atRate("dashboardRate", 20)));
		}
		String manager = Bench.firstValue("managers.csv");
		String home = firstHome();
		if (home != null && Bench.available(KEY + ".activities", "POST", "/api/v1/youth-homes/" + home + "/activities",
				manager, "{}")) {
			this.labels.add("activity");
			populations.add(Recorder.scenario("mixed activities").feed(csv(Bench.feeder("managers.csv")).circular())
				.exec(http("activity").post("/api/v1/youth-homes/#{youthHomeId}/activities")
					.header("Authorization", "Bearer #{token}")
					.header("Idempotency-Key", "#{randomUuid()}")
					.body(StringBody("{\"title\":\"青年夜校\",\"category\":\"SKILLS_TRAINING\",\"startAt\":\""
							+ this.activityStart + "\",\"endAt\":\"" + this.activityEnd + "\",\"participants\":30}"))
					.check(responseTimeInMillis().saveAs("rt"), status().is(201)))
				.exec(Recorder.record("activity"))
				.injectOpen(atRate("activityRate", 5)));
		}
		String secretary = Bench.firstValue("secretaries.csv");
		if (home == null) {
			Bench.result(KEY + ".activities.skipped", "no youth home (table missing)");
		}
		if (secretary == null) {
			Bench.result(KEY + ".themed_events.skipped", "no first secretary with a theme this month (table missing)");
		}
		if (secretary != null && Bench.available(KEY + ".themed_events", "POST", "/api/v1/themed-events", secretary,
				"{}")) {
			this.labels.add("themed_event");
			populations.add(Recorder.scenario("mixed themed events").feed(csv(Bench.feeder("secretaries.csv")).circular())
				.exec(http("themed event").post("/api/v1/themed-events")
					.header("Authorization", "Bearer #{token}")
					.header("Idempotency-Key", "#{randomUuid()}")
					.body(StringBody("{\"themeId\":#{themeId},\"villageId\":#{villageId},\"title\":\"主题团日\","
							+ "\"heldAt\":\"" + this.activityStart + "\",\"participants\":20}"))
					.check(responseTimeInMillis().saveAs("rt"), status().is(201)))
				.exec(Recorder.record("themed_event"))
				.injectOpen(atRate("themedEventRate", 5)));
		}
		if (populations.isEmpty()) {
			throw new IllegalStateException("no endpoint to drive (run.sh checks this before starting Gatling)");
		}
		setUp(populations).protocols(Visits.protocol())
			.maxDuration(Duration.ofSeconds(this.warmUpSeconds + this.seconds + 30));
	}

	/** Arrivals at a rate (property, default) through the warm-up and the measured seconds. */
	private OpenInjectionStep atRate(String property, double defaultRate) {
		return constantUsersPerSec(Bench.doubleProp(property, defaultRate)).during(this.warmUpSeconds + this.seconds);
	}

	private static String firstHome() {
		try {
			List<String> lines = java.nio.file.Files.readAllLines(Bench.DATA.resolve("managers.csv"));
			return lines.size() > 1 ? lines.get(1).split(",")[1] : null;
		}
		catch (java.io.IOException ex) {
			return null;
		}
	}

	@Override
	public void before() {
		Recorder.warmUpFor(this.warmUpSeconds);
	}

	@Override
	public void after() {
		Bench.result(KEY + ".warm_up_s", this.warmUpSeconds);
		for (String label : this.labels) {
			Recorder.write(label, KEY + "." + label, this.seconds);
		}
	}

}
