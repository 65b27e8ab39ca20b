package cn.luohe.grassroots.forms.internal;

/**
 * Where a unit's forms of a month stand: not submitted yet (DRAFT), submitted by the 28th
 * (SUBMITTED), submitted after it (LATE), or not submitted once the 28th is past
 * (MISSING, flagged black on the city's list).
 */
public enum FormStatus {

	DRAFT, SUBMITTED, LATE, MISSING;

	/**
	 * The flag of the city's list: red for on time, yellow for late, black for missing,
	 * none while it is still a draft.
	 */
	public String flag() {
		return switch (this) {
			case SUBMITTED -> "RED";
			case LATE -> "YELLOW";
			case MISSING -> "BLACK";
			case DRAFT -> "NONE";
		};
	}

}
