package cn.luohe.grassroots.youthhome.internal;

/** The fixed list of youth organization types (the mini-program shows the label). */
public enum OrganizationType {

	/** 理论学习类. */
	THEORY_STUDY,

	/** 志愿服务类. */
	VOLUNTEER_SERVICE,

	/** 文体类. */
	CULTURE_SPORTS,

	/** 创新创业类. */
	INNOVATION_ENTREPRENEURSHIP,

	/** 技能提升类. */
	SKILLS,

	/** 兴趣爱好类. */
	INTEREST,

	/** 其他. */
	OTHER

}
