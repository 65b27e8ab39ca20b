package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class ThemeRepository {

	private static final String SELECT = """
			SELECT t.id, t.county_id, c.name AS county_name, t.month, t.title, t.description, t.created_by,
			       t.created_at, t.voided_at, t.void_reason
			  FROM theme t JOIN org_unit c ON c.id = t.county_id
			""";

	private final DatabaseClient db;

	ThemeRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * The new theme as read back (with its county's name), or empty when the county
	 * already has a theme that month: one statement.
	 */
	Mono<Theme> insert(NewTheme theme, long createdBy, Instant now) {
		return this.db.sql("""
				WITH t AS (
				    INSERT INTO theme (county_id, month, title, description, created_by, created_at)
				    VALUES (:county, :month, :title, :description, :by, :now)
				    ON CONFLICT (county_id, month) WHERE voided_at IS NULL DO NOTHING
				    RETURNING *)
				SELECT t.id, t.county_id, c.name AS county_name, t.month, t.title, t.description, t.created_by,
				       t.created_at, t.voided_at, t.void_reason
				  FROM t JOIN org_unit c ON c.id = t.county_id
				""")
			.bind("county", theme.countyId())
			.bind("month", theme.month().atDay(1))
			.bind("title", theme.title())
			.bind("description", Params.nullable(theme.description(), String.class))
			.bind("by", createdBy)
			.bind("now", now)
			.map(ThemeRepository::toTheme)
			.one();
	}

	Mono<Theme> findById(long id) {
		return this.db.sql(SELECT + " WHERE t.id = :id").bind("id", id).map(ThemeRepository::toTheme).one();
	}

	/** The theme of the county-level unit with {@code countyCode} for {@code month}. */
	Mono<Theme> findByCountyCode(String countyCode, YearMonth month) {
		return this.db.sql(SELECT + " WHERE c.code = :code AND t.month = :month AND t.voided_at IS NULL")
			.bind("code", countyCode)
			.bind("month", month.atDay(1))
			.map(ThemeRepository::toTheme)
			.one();
	}

	/** A county's themes, newest month first, before {@code before} when given. */
	Flux<Theme> findForCounty(long countyId, boolean withVoided, @Nullable YearMonth before, int limit) {
		return this.db
			.sql(SELECT + " WHERE t.county_id = :county AND t.month < :before"
					+ " AND (:withVoided OR t.voided_at IS NULL) ORDER BY t.month DESC, t.id DESC LIMIT :limit")
			.bind("county", countyId)
			.bind("withVoided", withVoided)
			.bind("before", (before != null) ? before.atDay(1) : LocalDate.of(9999, 1, 1))
			.bind("limit", limit)
			.map(ThemeRepository::toTheme)
			.all();
	}

	/**
	 * The county's live theme of the month (and, for its administrators, voided ones).
	 */
	Flux<Theme> findForCounty(long countyId, boolean withVoided, YearMonth month) {
		return this.db
			.sql(SELECT + " WHERE t.county_id = :county AND t.month = :month AND (:withVoided OR t.voided_at IS NULL)"
					+ " ORDER BY t.id")
			.bind("county", countyId)
			.bind("withVoided", withVoided)
			.bind("month", month.atDay(1))
			.map(ThemeRepository::toTheme)
			.all();
	}

	/** Corrects what a theme's author or administrator may correct. */
	Mono<Void> correct(long id, String title, @Nullable String description) {
		return this.db.sql("UPDATE theme SET title = :title, description = :description WHERE id = :id")
			.bind("title", title)
			.bind("description", Params.nullable(description, String.class))
			.bind("id", id)
			.then();
	}

	static Theme toTheme(Readable row) {
		return new Theme(Params.required(row.get("id", Long.class)), Params.required(row.get("county_id", Long.class)),
				Params.required(row.get("county_name", String.class)),
				YearMonth.from(Params.required(row.get("month", LocalDate.class))),
				Params.required(row.get("title", String.class)), row.get("description", String.class),
				Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class),
				row.get("void_reason", String.class));
	}

}
