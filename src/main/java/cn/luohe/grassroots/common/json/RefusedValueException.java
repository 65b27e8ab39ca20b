package cn.luohe.grassroots.common.json;

import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A body value of the right JSON type that the service refuses as it is read (a text with
 * NUL): the error translator answers it as VALIDATION_FAILED naming the field, with the
 * field message {@code field.<kind>} and its arguments.
 */
public class RefusedValueException extends MismatchedInputException {

	private final String kind;

	private final List<Object> args;

	public RefusedValueException(JsonParser parser, Class<?> type, String kind, Object... args) {
		super(parser, "refused " + type.getSimpleName() + ": " + kind, type);
		this.kind = kind;
		this.args = List.of(args);
	}

	/** The field message's kind: the bundle key {@code field.<kind>}. */
	public String kind() {
		return this.kind;
	}

	public List<Object> args() {
		return this.args;
	}

}
