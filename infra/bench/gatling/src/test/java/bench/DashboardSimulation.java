package bench;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Leaders' dashboards at fixed arrival rates (open model): the town view of a county, the county view and the
 * city view, for months of the loaded history. Run once on Luohe-scale and once on province-scale data. Last,
 * the host's floor for this client: {@code GET /actuator/health/liveness} (no token, no read) at the town view's
 * rate on the same connections, so that a dashboard's p99 can be read against what any answer gets in the run.
 */
public class DashboardSimulation extends Simulation {

	static final String LEADERS = "leaders.csv";

	private final String key = "dash." + Bench.prop("scale", "luohe");

	private final Map<String, Integer> seconds = Map.of("towns", Bench.intProp("townsSeconds", 15), "counties",
			Bench.intProp("countiesSeconds", 5), "city", Bench.intProp("citySeconds", 5), "floor",
			Bench.intProp("floorSeconds", 10));

	private final List<String> months = Arrays.asList(Bench.prop("months", "2026-11").split(","));

	private final Map<String, Double> rates = Map.of("towns", Bench.doubleProp("townsRate", 50), "counties",
			Bench.doubleProp("countiesRate", 5), "city", Bench.doubleProp("cityRate", 5), "floor",
			Bench.doubleProp("townsRate", 50));

	private final List<String> kinds = new ArrayList<>();

	{
		String token = Bench.firstValue(LEADERS);
		String county = Bench.firstValue("counties.csv");
		String month = this.months.get(0);
		Map<String, String> probes = Map.of("towns", "/api/v1/dashboards/towns?countyId=" + county + "&month=" + month,
				"counties", "/api/v1/dashboards/counties?month=" + month, "city",
				"/api/v1/dashboards/city?month=" + month);
		// one view after the other, so that a slow view does not inflate another's latency
		PopulationBuilder chain = null;
		int total = 0;
		for (String kind : List.of("floor", "city", "counties", "towns")) {
			if (kind.equals("floor") ? this.seconds.get(kind) <= 0
					: !Bench.available(this.key + "." + kind, "GET", probes.get(kind), token, null)) {
				continue;
			}
			this.kinds.add(kind);
			if (kind.equals("floor")) {
				// the floor is not a view: it takes no part in the warm-up's mix below
				PopulationBuilder floor = scenario("host floor")
					.exec(exec(http("host floor").get("/actuator/health/liveness")
						.check(responseTimeInMillis().saveAs("rt"), status().is(200))).exec(Recorder.record(kind)))
					.injectOpen(constantUsersPerSec(this.rates.get(kind)).during(this.seconds.get(kind)));
				total += this.seconds.get(kind);
				chain = floor;
				continue;
			}
			total += this.seconds.get(kind);
			PopulationBuilder population = scenario("dashboard " + kind)
				.feed(csv(Bench.feeder(LEADERS)).circular())
				.feed(csv(Bench.feeder("counties.csv")).random())
				.exec(session -> session.set("month",
						this.months.get(ThreadLocalRandom.current().nextInt(this.months.size()))))
				.exec(request(kind))
				.injectOpen(constantUsersPerSec(this.rates.get(kind)).during(this.seconds.get(kind)));
			chain = (chain == null) ? population : population.andThen(chain);
		}
		if (chain == null) {
			throw new IllegalStateException("no endpoint to drive (run.sh checks this before starting Gatling)");
		}
		// a few seconds of every view first, not reported: the first requests pay for class loading and JIT.
		// Each view in the proportion of its measured rate (towns 10 : counties 1 : city 1): every view at the
		// warm-up's full rate overloaded two cores on province data (the county and city views cost ≈ 75 ms
		// of PostgreSQL CPU each there), and the warm-up still ran when its time was up
		int warmSeconds = Bench.intProp("warmSeconds", 10);
		if (warmSeconds > 0) {
			List<String> viewKinds = this.kinds.stream().filter(kind -> !kind.equals("floor")).toList();
			double all = viewKinds.stream().mapToDouble(this.rates::get).sum();
			List<Choice.WithWeight> views = viewKinds.stream()
				.map(kind -> new Choice.WithWeight(100.0 * this.rates.get(kind) / all, request(kind, "warm-up " + kind)))
				.toList();
			chain = scenario("dashboard warm-up").feed(csv(Bench.feeder(LEADERS)).circular())
				.feed(csv(Bench.feeder("counties.csv")).random())
				.exec(session -> session.set("month",
						this.months.get(ThreadLocalRandom.current().nextInt(this.months.size()))))
				.randomSwitch()
				.on(views)
				.injectOpen(constantUsersPerSec(Bench.doubleProp("warmRate", 20)).during(warmSeconds))
				.andThen(chain);
			total += warmSeconds;
		}
		setUp(chain).protocols(Visits.protocol().shareConnections()).maxDuration(Duration.ofSeconds(total + 30));
	}

	private static ChainBuilder request(String kind) {
		return request(kind, kind);
	}

	private static ChainBuilder request(String kind, String label) {
		String path = switch (kind) {
			case "towns" -> "/api/v1/dashboards/towns?countyId=#{countyId}&month=#{month}";
			case "counties" -> "/api/v1/dashboards/counties?month=#{month}";
			default -> "/api/v1/dashboards/city?month=#{month}";
		};
		return exec(http("dashboard " + kind).get(path)
			.header("Authorization", "Bearer #{token}")
			.check(responseTimeInMillis().saveAs("rt"), status().is(200))).exec(Recorder.record(label));
	}

	@Override
	public void after() {
		for (String kind : this.kinds) {
			Bench.result(this.key + "." + kind + ".target_rps", this.rates.get(kind));
			Recorder.write(kind, this.key + "." + kind, this.seconds.get(kind));
		}
	}

}
