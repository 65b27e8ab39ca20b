package cn.luohe.grassroots.youthhome.internal;

/** The fixed list of activity categories (the mini-program shows the Chinese label). */
public enum ActivityCategory {

	/** 理论学习. */
	THEORY_STUDY,

	/** 志愿服务. */
	VOLUNTEER_SERVICE,

	/** 技能培训. */
	SKILLS_TRAINING,

	/** 文体活动. */
	CULTURE_SPORTS,

	/** 就业创业. */
	EMPLOYMENT_ENTREPRENEURSHIP,

	/** 关爱帮扶. */
	CARE_AID,

	/** 其他. */
	OTHER

}
