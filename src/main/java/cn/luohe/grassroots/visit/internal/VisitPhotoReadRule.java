package cn.luohe.grassroots.visit.internal;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.media.api.AttachedRecordReadRule;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** A visit's photos are readable by whoever may read the visit ({@link VisitScope}). */
@Component
class VisitPhotoReadRule implements AttachedRecordReadRule {

	private final VisitRepository visits;

	private final VisitScope scope;

	VisitPhotoReadRule(VisitRepository visits, VisitScope scope) {
		this.visits = visits;
		this.scope = scope;
	}

	@Override
	public String recordType() {
		return VisitRecording.RECORD_TYPE;
	}

	@Override
	public Mono<Boolean> mayRead(Caller caller, long recordId) {
		return this.visits.find(recordId).map(visit -> this.scope.mayRead(caller, visit)).defaultIfEmpty(false);
	}

}
