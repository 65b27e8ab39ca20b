package bench;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Visit-week peak, closed model: a growing number of cadres check in and out back to back, each new virtual
 * user a different cadre (thousands, circular), each level held for a fixed time. The peak is the best level's
 * check-in rate with no error; run.sh then runs {@link VisitSteadySimulation} at half of it.
 */
public class VisitPeakSimulation extends Simulation {

	private final List<Integer> levels = Bench.intsProp("levels", "4,8,16,32,64");

	private final int levelSeconds = Bench.intProp("levelSeconds", 8);

	/**
	 * Seconds of check-ins at 16 concurrent cadres before the first level, not reported: the JIT compiles the write
	 * path during the first few thousand requests (measured: 75 check-ins/s after 5 s of load, 150/s after 60 s),
	 * and a service in visit week has been running for days.
	 */
	private final int warmupSeconds = Bench.intProp("warmupSeconds", 30);

	private volatile long start;

	{
		if (Visits.available("visit.peak")) {
			ScenarioBuilder peak = scenario("visit-week peak").feed(csv(Bench.feeder(Visits.FEEDER)).circular())
				.exec(Visits.checkInOut(() -> "checkin." + level(), () -> "checkout." + level()));
			List<ClosedInjectionStep> steps = new ArrayList<>();
			if (this.warmupSeconds > 0) {
				steps.add(constantConcurrentUsers(16).during(this.warmupSeconds));
			}
			this.levels.forEach(users -> steps.add(constantConcurrentUsers(users).during(this.levelSeconds)));
			setUp(peak.injectClosed(steps.toArray(ClosedInjectionStep[]::new))).protocols(Visits.protocol())
				.maxDuration(Duration
					.ofSeconds((long) this.warmupSeconds + (long) this.levels.size() * this.levelSeconds + 30));
		}
		else {
			throw new IllegalStateException("no endpoint to drive (run.sh checks this before starting Gatling)");
		}
	}

	@Override
	public void before() {
		this.start = System.nanoTime();
	}

	/** The current step's name: "warmup", then "L" and the level's concurrent cadres. */
	private String level() {
		long seconds = (System.nanoTime() - this.start) / 1_000_000_000L - this.warmupSeconds;
		if (seconds < 0) {
			return "warmup";
		}
		int index = (int) (seconds / this.levelSeconds);
		return "L" + this.levels.get(Math.min(index, this.levels.size() - 1));
	}

	@Override
	public void after() {
		if (this.start == 0) {
			return;
		}
		double best = -1;
		int bestLevel = 0;
		for (int users : this.levels) {
			Recorder.write("checkin.L" + users, "visit.peak.L" + users + ".checkin", this.levelSeconds);
			Recorder.write("checkout.L" + users, "visit.peak.L" + users + ".checkout", this.levelSeconds);
			Recorder.Stat in = Recorder.stat("checkin.L" + users);
			Recorder.Stat out = Recorder.stat("checkout.L" + users);
			if (in == null || in.ko.sum() > 0 || (out != null && out.ko.sum() > 0)) {
				continue;
			}
			double rate = in.ok.sum() / (double) this.levelSeconds;
			if (rate > best) {
				best = rate;
				bestLevel = users;
			}
		}
		Bench.result("visit.peak.checkin_rps", String.format("%.1f", Math.max(best, 0)));
		Bench.result("visit.peak.level", bestLevel);
	}

}
