package cn.luohe.grassroots.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Test-only: wraps a service instance's R2DBC {@link ConnectionFactory} and records, for
 * every committed transaction, the SQL of each statement created inside it (one
 * {@code createStatement} is one round trip), and, as its own, each statement run outside
 * a transaction (auto-commit: atomic on its own). Install it with
 * {@link ServiceInstance#start(java.util.Map, ApplicationContextInitializer)}.
 */
public final class StatementLog
		implements BeanPostProcessor, ApplicationContextInitializer<ConfigurableApplicationContext> {

	private final Queue<List<String>> committed = new ConcurrentLinkedQueue<>();

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(this);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConnectionFactory factory && !(bean instanceof Counting)) {
			return new Counting(factory);
		}
		return bean;
	}

	public void clear() {
		this.committed.clear();
	}

	/**
	 * The statements of every committed transaction that ran one containing {@code sql}
	 * (a statement outside a transaction counts as one of its own).
	 */
	public List<List<String>> transactionsWith(String sql) {
		return this.committed.stream().filter(tx -> tx.stream().anyMatch(s -> s.contains(sql))).toList();
	}

	private final class Counting implements ConnectionFactory, Wrapped<ConnectionFactory> {

		private final ConnectionFactory delegate;

		Counting(ConnectionFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public Publisher<? extends Connection> create() {
			return Mono.from(this.delegate.create())
				.map(connection -> (Connection) Proxy.newProxyInstance(StatementLog.class.getClassLoader(),
						new Class<?>[] { Connection.class }, new Recording(connection)));
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return this.delegate.getMetadata();
		}

		@Override
		public ConnectionFactory unwrap() {
			return this.delegate;
		}

	}

	private final class Recording implements InvocationHandler {

		private final Connection delegate;

		private @Nullable List<String> transaction;

		Recording(Connection delegate) {
			this.delegate = delegate;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			switch (method.getName()) {
				case "beginTransaction" -> this.transaction = new ArrayList<>();
				case "createStatement" -> {
					List<String> current = this.transaction;
					if (current != null && args != null) {
						current.add((String) args[0]);
					}
					else if (args != null) {
						StatementLog.this.committed.add(List.of((String) args[0]));
					}
				}
				case "commitTransaction" -> {
					List<String> current = this.transaction;
					if (current != null) {
						StatementLog.this.committed.add(List.copyOf(current));
					}
					this.transaction = null;
				}
				case "rollbackTransaction", "close" -> this.transaction = null;
				default -> {
				}
			}
			try {
				return method.invoke(this.delegate, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
