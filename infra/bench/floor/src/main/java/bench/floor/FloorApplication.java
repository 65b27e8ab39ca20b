package bench.floor;

import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fixed stack with nothing of the service: what an annotated WebFlux endpoint costs with no statement, with one,
 * and with the check-in's two round trips (a read, then an insert). No security, validation, idempotency,
 * observations or caches: each of those only adds to these figures.
 */
@SpringBootApplication
@RestController
public class FloorApplication {

	private final DatabaseClient db;

	FloorApplication(DatabaseClient db) {
		this.db = db;
	}

	public static void main(String[] args) {
		SpringApplication.run(FloorApplication.class, args);
	}

	/** HTTP and JSON only. */
	@GetMapping("/floor/ping")
	Mono<Pong> ping() {
		return Mono.just(new Pong(true, Instant.now()));
	}

	/** One read by key, as {@code GET /me} without its token check. */
	@GetMapping("/floor/read")
	Mono<Row> read(@RequestHeader("X-User") long user) {
		return this.db
			.sql("SELECT id, user_id, org_id, lat, lng, note, created_at FROM floor_visit"
					+ " WHERE user_id = :user ORDER BY created_at DESC LIMIT 1")
			.bind("user", user)
			.map(row -> new Row(row.get("id", Long.class), row.get("user_id", Long.class),
					row.get("org_id", Long.class), row.get("lat", Double.class), row.get("lng", Double.class),
					row.get("note", String.class), row.get("created_at", Instant.class)))
			.one()
			.defaultIfEmpty(new Row(0L, user, 0L, 0.0, 0.0, null, Instant.EPOCH));
	}

	/** One insert of the request's row, answered with the row. */
	@PostMapping("/floor/insert")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Row> insert(@RequestHeader("X-User") long user, @RequestBody CheckIn body) {
		return write(user, body);
	}

	/** The check-in's shape: the caller's last row read first, then the insert. */
	@PostMapping("/floor/check-in")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Row> checkIn(@RequestHeader("X-User") long user, @RequestBody CheckIn body) {
		return read(user).then(write(user, body));
	}

	private Mono<Row> write(long user, CheckIn body) {
		Instant now = Instant.now();
		return this.db
			.sql("INSERT INTO floor_visit (user_id, org_id, lat, lng, accuracy, note, created_at)"
					+ " VALUES (:user, :org, :lat, :lng, :accuracy, :note, :now) RETURNING id")
			.bind("user", user)
			.bind("org", body.visitedOrgId())
			.bind("lat", body.location().lat())
			.bind("lng", body.location().lng())
			.bind("accuracy", body.location().accuracy())
			.bind("note", (body.note() != null) ? body.note() : "")
			.bind("now", now)
			.map(row -> row.get("id", Long.class))
			.one()
			.map(id -> new Row(id, user, body.visitedOrgId(), body.location().lat(), body.location().lng(), body.note(),
					now));
	}

	record Pong(boolean ok, Instant at) {
	}

	record Location(double lat, double lng, double accuracy) {
	}

	record CheckIn(long visitedOrgId, Location location, String note) {
	}

	record Row(Long id, Long userId, Long orgId, Double lat, Double lng, String note, Instant createdAt) {
	}

}
