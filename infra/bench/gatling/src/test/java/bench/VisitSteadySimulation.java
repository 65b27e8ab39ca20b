package bench;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * Check-in and check-out at a fixed arrival rate (open model: cadres arrive whatever the service's speed), for
 * latency at half the measured peak.
 */
public class VisitSteadySimulation extends Simulation {

	private final double rate = Bench.doubleProp("rate", 50);

	private final int seconds = Bench.intProp("seconds", 20);

	private final String key = Bench.prop("key", "visit.half");

	/** Arrivals at the same rate before the measured ones, recorded apart (see {@link Recorder#warmUpFor}). */
	private final int warmUpSeconds = Bench.intProp("warmUpSeconds", 5);

	{
		setUp(Recorder.scenario("visit-week steady")
			.feed(csv(Bench.feeder(Visits.FEEDER)).circular())
			.exec(Visits.checkInOut(() -> "checkin", () -> "checkout"))
			.injectOpen(constantUsersPerSec(this.rate).during(this.warmUpSeconds + this.seconds)))
			.protocols(Visits.protocol())
			.maxDuration(Duration.ofSeconds(this.warmUpSeconds + this.seconds + 30));
	}

	@Override
	public void before() {
		Recorder.warmUpFor(this.warmUpSeconds);
	}

	@Override
	public void after() {
		Bench.result(this.key + ".target_rps", String.format("%.1f", this.rate));
		Bench.result(this.key + ".warm_up_s", this.warmUpSeconds);
		Recorder.write("warm-up.checkin", this.key + ".warm_up.checkin", this.warmUpSeconds);
		Recorder.write("checkin", this.key + ".checkin", this.seconds);
		Recorder.write("checkout", this.key + ".checkout", this.seconds);
	}

}
