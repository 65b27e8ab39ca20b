package cn.luohe.grassroots.common.json;

import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict request JSON: a value is read only from its own JSON type. No scalar coercion
 * ({@code true} or {@code 5} is no string, {@code "5"} or {@code 5.5} no integer), and a
 * date or timestamp only from its ISO-8601 string: Jackson's java.time readers otherwise
 * take a number as epoch seconds (an activity dated 1969-12-31 was accepted so) and an
 * array as its fields. Jackson's own coercion configuration does the scalars; the
 * java.time readers ignore it for numbers and arrays, hence the wrapper below. No text
 * may hold NUL ({@code \u0000}): PostgreSQL stores none, so it is refused as it is read
 * ({@link RefusedValueException}, a field error) instead of failing the write.
 */
public final class StrictJson {

	private StrictJson() {
	}

	public static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>> B apply(B builder) {
		return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual,
					config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
			.addModule(new SimpleModule("iso-8601-only").setDeserializerModifier(new IsoDatesOnly()))
			.addModule(new SimpleModule("no-nul").addDeserializer(String.class, new NulFreeString()));
	}

	/** Jackson's own String reader, refusing a text that holds NUL. */
	static final class NulFreeString extends StringDeserializer {

		@Override
		public String deserialize(JsonParser p, DeserializationContext ctxt) {
			String text = super.deserialize(p, ctxt);
			if (text != null && text.indexOf('\u0000') >= 0) {
				throw new RefusedValueException(p, String.class, "noNul");
			}
			return text;
		}

	}

	static final class IsoDatesOnly extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier beanDesc,
				ValueDeserializer<?> deserializer) {
			Class<?> type = beanDesc.getBeanClass();
			if (type.getName().startsWith("java.time.") && TemporalAccessor.class.isAssignableFrom(type)) {
				return new StringOnly(deserializer);
			}
			return deserializer;
		}

	}

	/** Reads a java.time value only from a JSON string. */
	static final class StringOnly extends ValueDeserializer<Object> {

		private final ValueDeserializer<?> delegate;

		StringOnly(ValueDeserializer<?> delegate) {
			this.delegate = delegate;
		}

		@Override
		public Object deserialize(JsonParser p, DeserializationContext ctxt) {
			if (!p.hasToken(JsonToken.VALUE_STRING)) {
				return ctxt.handleUnexpectedToken(ctxt.constructType(this.delegate.handledType()), p.currentToken(), p,
						"expected an ISO-8601 string for %s", this.delegate.handledType().getSimpleName());
			}
			return this.delegate.deserialize(p, ctxt);
		}

		@Override
		public void resolve(DeserializationContext ctxt) {
			this.delegate.resolve(ctxt);
		}

		@Override
		public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
			ValueDeserializer<?> contextual = this.delegate.createContextual(ctxt, property);
			return (contextual == this.delegate) ? this : new StringOnly(contextual);
		}

		@Override
		public Class<?> handledType() {
			return this.delegate.handledType();
		}

		@Override
		public Object getNullValue(DeserializationContext ctxt) {
			return this.delegate.getNullValue(ctxt);
		}

	}

}
