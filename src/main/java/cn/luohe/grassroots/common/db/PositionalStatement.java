package cn.luohe.grassroots.common.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.RowsFetchSpec;
import org.springframework.r2dbc.core.binding.BindTarget;

/**
 * A statement written with named markers ({@code :x}) run with PostgreSQL's numbered ones
 * ({@code $1}, …), its text turned once and its values bound by position.
 * {@code DatabaseClient} expands named markers afresh on every execution: it copies the
 * values' maps, looks each name up and rewrites the text; for the check-in's 1.7 KB,
 * 41-value statement that was 4 % of the service's CPU per check-in (JFR, 12-05). A
 * prepared operation is bound as given, so the text is turned here, once per text.
 * <p>
 * The markers are those {@code DatabaseClient} reads, outside quoted strings, quoted
 * names, comments and dollar-quoted bodies: {@code :name} (a letter or underscore, then
 * letters, digits, underscores), never the {@code ::} of a cast; a name used twice is one
 * value. Every value must be named in the text and every name given a value; a null is a
 * typed {@link Parameter} ({@link Params#nullable}), and a list is an array (a
 * {@code Collection} would have been expanded into a list of markers by
 * {@code DatabaseClient}, and is refused here).
 */
public final class PositionalStatement implements PreparedOperation<String> {

	/**
	 * Turned texts by text: the texts are constants of the features, or built of them.
	 */
	private static final Map<String, Turned> TURNED = new ConcurrentHashMap<>();

	/** A text built with values in it would grow the map without bound. */
	private static final int MAX_TEXTS = 256;

	private final Turned turned;

	private final Object[] values;

	private PositionalStatement(Turned turned, Object[] values) {
		this.turned = turned;
		this.values = values;
	}

	/**
	 * {@code sql} with {@code values} bound by position. Its bind methods must not be
	 * used (a prepared operation's are ignored): hence the narrower {@link Bound}.
	 */
	public static Bound of(DatabaseClient db, String sql, Map<String, ?> values) {
		return new Bound(db.sql(prepare(sql, values)));
	}

	static PositionalStatement prepare(String sql, Map<String, ?> values) {
		Turned turned = TURNED.get(sql);
		if (turned == null) {
			turned = turn(sql);
			if (TURNED.size() < MAX_TEXTS) {
				TURNED.put(sql, turned);
			}
		}
		List<String> names = turned.names();
		Object[] bound = new Object[names.size()];
		for (int i = 0; i < bound.length; i++) {
			String name = names.get(i);
			Object value = values.get(name);
			if (value == null) {
				throw values.containsKey(name)
						? new IllegalArgumentException("A null without its type for :" + name + " (Params.nullable)")
						: mismatch(names, values);
			}
			if (value instanceof Collection<?>) {
				throw new IllegalArgumentException("A collection for :" + name + " (bind an array)");
			}
			bound[i] = value;
		}
		// every name has its value: a value left over is one the text does not name
		if (values.size() != names.size()) {
			throw mismatch(names, values);
		}
		return new PositionalStatement(turned, bound);
	}

	private static IllegalArgumentException mismatch(List<String> names, Map<String, ?> values) {
		List<String> unused = new ArrayList<>(values.keySet());
		unused.removeAll(names);
		List<String> missing = new ArrayList<>(names);
		missing.removeAll(values.keySet());
		return new IllegalArgumentException(
				"Values not matching the statement's markers: unused " + unused + ", missing " + missing);
	}

	/**
	 * The text with its named markers numbered, and the names in their numbers' order.
	 */
	record Turned(String sql, List<String> names) {
	}

	static Turned turn(String sql) {
		StringBuilder out = new StringBuilder(sql.length());
		List<String> names = new ArrayList<>();
		Map<String, Integer> numbers = new HashMap<>();
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			char next = (i + 1 < length) ? sql.charAt(i + 1) : 0;
			int end;
			if (c == '\'' || c == '"') {
				// a doubled quote inside is two quoted runs back to back: the same text
				end = closing(sql, sql.indexOf(c, i + 1), i);
				end++;
			}
			else if (c == '-' && next == '-') {
				end = sql.indexOf('\n', i);
				end = (end < 0) ? length : end;
			}
			else if (c == '/' && next == '*') {
				end = closing(sql, sql.indexOf("*/", i + 2), i) + 2;
			}
			else if (c == '$' && Character.isDigit(next)) {
				throw new IllegalArgumentException("A numbered marker in a statement with named ones, at " + i);
			}
			else if (c == '$') {
				int tagEnd = i + 1;
				while (tagEnd < length && isNamePart(sql.charAt(tagEnd))) {
					tagEnd++;
				}
				if (tagEnd < length && sql.charAt(tagEnd) == '$') {
					String tag = sql.substring(i, tagEnd + 1);
					end = closing(sql, sql.indexOf(tag, tagEnd + 1), i) + tag.length();
				}
				else {
					end = i + 1;
				}
			}
			else if (c == ':' && next == ':') {
				end = i + 2;
			}
			else if (c == ':' && isNameStart(next)) {
				end = i + 2;
				while (end < length && isNamePart(sql.charAt(end))) {
					end++;
				}
				String name = sql.substring(i + 1, end);
				Integer number = numbers.get(name);
				if (number == null) {
					names.add(name);
					number = names.size();
					numbers.put(name, number);
				}
				out.append('$').append(number);
				i = end;
				continue;
			}
			else {
				end = i + 1;
			}
			out.append(sql, i, end);
			i = end;
		}
		return new Turned(out.toString(), List.copyOf(names));
	}

	private static int closing(String sql, int found, int openedAt) {
		if (found < 0) {
			throw new IllegalArgumentException("Unclosed quote or comment opened at " + openedAt);
		}
		return found;
	}

	private static boolean isNameStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
	}

	private static boolean isNamePart(char c) {
		return isNameStart(c) || (c >= '0' && c <= '9');
	}

	@Override
	public String toQuery() {
		return this.turned.sql();
	}

	@Override
	public String getSource() {
		return this.turned.sql();
	}

	@Override
	public void bindTo(BindTarget target) {
		for (int i = 0; i < this.values.length; i++) {
			if (this.values[i] instanceof Parameter parameter) {
				Object value = parameter.getValue();
				if (value != null) {
					target.bind(i, value);
				}
				else {
					target.bindNull(i, parameter.getType());
				}
			}
			else {
				target.bind(i, this.values[i]);
			}
		}
	}

	/**
	 * A positional statement ready to run: read its rows, or only run it. Its spec stays
	 * inside, so that nothing binds more values to it.
	 */
	public static final class Bound {

		private final GenericExecuteSpec spec;

		Bound(GenericExecuteSpec spec) {
			this.spec = spec;
		}

		public <R> RowsFetchSpec<R> map(Function<? super Readable, R> mapping) {
			return this.spec.map(mapping);
		}

		public Mono<Void> then() {
			return this.spec.then();
		}

	}

}
