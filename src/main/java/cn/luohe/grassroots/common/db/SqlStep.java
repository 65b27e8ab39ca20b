package cn.luohe.grassroots.common.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.r2dbc.spi.R2dbcException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * One step of another feature's data-modifying {@code WITH} statement: a named
 * {@code name AS (INSERT …)} clause with its own bind values (named {@code name_…}, so
 * steps never collide). Lets a create write its record, feed event and dirty mark in one
 * round trip while each feature keeps the SQL of its own table.
 *
 * @param sql the clause ({@code name AS (…)}), empty when the step writes nothing
 * @param binds its bind values (a {@code Parameter} for a typed null)
 */
public record SqlStep(String sql, Map<String, Object> binds) {

	/** A bind marker ({@code :x}, never the {@code ::type} of a cast). */
	private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):(?=[A-Za-z])");

	/**
	 * Renamed clauses by step name and text: the texts are a fixed set (constants of the
	 * features), and the regex replace was 1–2 % of a check-in's CPU (JFR, 2026-12-03).
	 */
	private static final Map<String, Map<String, String>> RENAMED = new ConcurrentHashMap<>();

	private static final int MAX_TEXTS_PER_NAME = 64;

	/** A step that writes nothing (e.g. no photos to attach). */
	public static final SqlStep NONE = new SqlStep("", Map.of());

	public SqlStep {
		binds = Map.copyOf(binds);
	}

	/**
	 * {@code sql} whose bind markers ({@code :x}, never {@code ::type}) are renamed
	 * {@code :name_x}, with {@code binds} renamed alike.
	 */
	public static SqlStep named(String name, String sql, Map<String, Object> binds) {
		Map<String, String> texts = RENAMED.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
		String renamed = texts.get(sql);
		if (renamed == null) {
			renamed = MARKER.matcher(sql).replaceAll(":" + name + "_");
			// a text built with values in it would grow the map without bound: kept only
			// while the set stays small
			if (texts.size() < MAX_TEXTS_PER_NAME) {
				texts.put(sql, renamed);
			}
		}
		Map<String, Object> prefixed = new LinkedHashMap<>();
		binds.forEach((key, value) -> prefixed.put(name + "_" + key, value));
		return new SqlStep(name + " AS (" + renamed + ")", prefixed);
	}

	public boolean isEmpty() {
		return this.sql.isEmpty();
	}

	/**
	 * {@code head} (a {@code WITH} statement's first clause, without {@code WITH}), the
	 * steps, then {@code tail} (the statement's final query).
	 */
	public static String with(String head, String tail, SqlStep... steps) {
		StringBuilder sql = new StringBuilder("WITH ").append(head);
		for (SqlStep step : steps) {
			if (!step.isEmpty()) {
				sql.append(",\n").append(step.sql());
			}
		}
		return sql.append('\n').append(tail).toString();
	}

	/**
	 * {@link #with(String, String, SqlStep...)} with {@code lead} before {@code head} (a
	 * clause {@code head} reads, such as an idempotency key's claim).
	 */
	public static String with(SqlStep lead, String head, String tail, SqlStep... steps) {
		return with(lead.isEmpty() ? head : lead.sql() + ",\n" + head, tail, steps);
	}

	/**
	 * Binds the values of every step at once: each {@code bind} copies the spec's map of
	 * values, and a check-in's statement binding its values one by one made those copies
	 * the largest share of its allocation (JFR, 12-04).
	 */
	public static GenericExecuteSpec bind(GenericExecuteSpec spec, SqlStep... steps) {
		return bind(spec, Map.of(), steps);
	}

	/** Binds {@code values} (the statement's own) and those of every step, at once. */
	public static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<String, ?> values, SqlStep... steps) {
		Map<String, Object> all = merged(values, steps);
		return all.isEmpty() ? spec : spec.bindValues(all);
	}

	/**
	 * {@code sql} with {@code values} (the statement's own) and those of every step, run
	 * with numbered markers ({@link PositionalStatement}): for the busiest writes, whose
	 * long composed text {@code DatabaseClient} would expand afresh on every execution.
	 */
	public static PositionalStatement.Bound positional(DatabaseClient db, String sql, Map<String, ?> values,
			SqlStep... steps) {
		return PositionalStatement.of(db, sql, merged(values, steps));
	}

	/** {@code values} and those of every step, in one map. */
	private static Map<String, Object> merged(Map<String, ?> values, SqlStep... steps) {
		Map<String, Object> all = new LinkedHashMap<>(values);
		for (SqlStep step : steps) {
			all.putAll(step.binds());
		}
		return all;
	}

	/**
	 * A statement's final query that fails the whole statement with {@code sqlState}
	 * unless its clause {@code record} wrote a row (migration V291): with no transaction
	 * around it, an error is what undoes the statement's other steps.
	 */
	public static String requireWritten(String record, String sqlState, String message) {
		// spliced into the statement's text: constants of the features, never a quote
		if ((sqlState + message).indexOf('\'') >= 0) {
			throw new IllegalArgumentException("A statement gate's state and message must not hold a quote");
		}
		return "SELECT require_written(EXISTS (SELECT 1 FROM " + record + "), '" + sqlState + "', '" + message
				+ "') AS written";
	}

	/**
	 * Whether {@code error}, or one of its causes, is the database's {@code sqlState}.
	 */
	public static boolean raised(Throwable error, String sqlState) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc && sqlState.equals(r2dbc.getSqlState())) {
				return true;
			}
		}
		return false;
	}

}
