package cn.luohe.grassroots.identity.internal;

import java.util.List;

import cn.luohe.grassroots.identity.api.BindingChangeListener;
import cn.luohe.grassroots.identity.api.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells the other features' listeners of a grant or revocation, one after the other (they
 * run inside the caller's transaction, on its one connection).
 */
@Component
class BindingChanges {

	private final List<BindingChangeListener> listeners;

	BindingChanges(ObjectProvider<BindingChangeListener> listeners) {
		this.listeners = listeners.orderedStream().toList();
	}

	Mono<Void> changed(Role role, long orgId) {
		return Flux.fromIterable(this.listeners).concatMap(listener -> listener.changed(role, orgId)).then();
	}

}
