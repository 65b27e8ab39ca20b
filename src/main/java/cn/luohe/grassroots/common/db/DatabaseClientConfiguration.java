package cn.luohe.grassroots.common.db;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The application's {@link DatabaseClient} (the feed relay keeps its own, on a pool of
 * its own), as Spring Boot's, but for where the driver finds the subscriber's context: a
 * result's rows take it once, when they are subscribed. PostgreSQL's driver sends a
 * statement when its result is read, and reads the context on the way for every bound
 * value (an unused {@code defaultIfEmpty} fallback is discarded through it) and every
 * message: each read walks every operator of the request up to where the context was
 * written, 15 to 39 of them on a check-in.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseClientConfiguration {

	@Bean
	DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
		return DatabaseClient.builder()
			.connectionFactory(connectionFactory)
			.executeFunction(statement -> Flux.from(statement.execute()).map(ContextAtSubscribe::new))
			.build();
	}

	/**
	 * A result whose every publisher holds its subscriber's context as it was when
	 * subscribed ({@code contextWrite} of it unchanged), so reads stop there.
	 */
	private record ContextAtSubscribe(Result result) implements Result {

		@Override
		public Publisher<Long> getRowsUpdated() {
			return held(this.result.getRowsUpdated());
		}

		@Override
		public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
			return held(this.result.map(mapping));
		}

		@Override
		public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
			return held(this.result.map(mapping));
		}

		@Override
		public Result filter(Predicate<Segment> filter) {
			return new ContextAtSubscribe(this.result.filter(filter));
		}

		@Override
		public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
			return held(this.result.flatMap(mapping));
		}

		private static <T> Flux<T> held(Publisher<T> publisher) {
			return Flux.from(publisher).contextWrite(context -> context);
		}

	}

}
