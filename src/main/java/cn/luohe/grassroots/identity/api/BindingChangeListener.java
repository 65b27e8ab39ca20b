package cn.luohe.grassroots.identity.api;

import reactor.core.publisher.Mono;

/**
 * Told of every role binding granted or revoked, inside the transaction that writes it,
 * by features that keep figures derived from bindings (the dashboards count the villages
 * with a first secretary). Identity calls every such bean and knows none of them.
 */
public interface BindingChangeListener {

	/** A binding of {@code role} at {@code orgId} was granted or revoked. */
	Mono<Void> changed(Role role, long orgId);

}
