package cn.luohe.grassroots.dashboard.internal;

import java.util.List;

/** Every figure of a town-month (or a sum of them). */
record Counts(long visits, long visitsCompleted, long visitsCompletedInWeek, long visitingCadres, long activities,
		long activityParticipants, long verifiedParticipants, long youthHomes, long youthHomesMeetingTarget,
		long themedEvents, long villagesWithFirstSecretary, long villagesMeetingTarget, long needsOpened,
		long needsResolved) {

	static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	Counts plus(Counts o) {
		return new Counts(this.visits + o.visits, this.visitsCompleted + o.visitsCompleted,
				this.visitsCompletedInWeek + o.visitsCompletedInWeek, this.visitingCadres + o.visitingCadres,
				this.activities + o.activities, this.activityParticipants + o.activityParticipants,
				this.verifiedParticipants + o.verifiedParticipants, this.youthHomes + o.youthHomes,
				this.youthHomesMeetingTarget + o.youthHomesMeetingTarget, this.themedEvents + o.themedEvents,
				this.villagesWithFirstSecretary + o.villagesWithFirstSecretary,
				this.villagesMeetingTarget + o.villagesMeetingTarget, this.needsOpened + o.needsOpened,
				this.needsResolved + o.needsResolved);
	}

	static Counts sum(List<Counts> all) {
		Counts total = ZERO;
		for (Counts c : all) {
			total = total.plus(c);
		}
		return total;
	}

}
