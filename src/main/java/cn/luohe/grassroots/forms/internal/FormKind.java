package cn.luohe.grassroots.forms.internal;

import java.util.List;
import java.util.Optional;

/**
 * The two forms every county and department sends by the 28th, with their columns in the
 * paper form's order. Each column is a list of names (with the date each happened) taken
 * from the month's records.
 */
public enum FormKind {

	/** 附件4 学校领域团组织建设情况统计表. */
	SCHOOL("school", "学校领域团组织建设情况统计表",
			List.of(new FormColumn("newSchoolOrgs", "新建学校团组织"), new FormColumn("teacherBranches", "新建学校教师团支部名称"),
					new FormColumn("leagueSchools", "已建团校中学名单"), new FormColumn("termElections", "已完成换届的高校中职中学名单"),
					new FormColumn("educationCommittees", "已建教育团工委名单"))),

	/** 附件5 社会领域团组织建设情况统计表. */
	SOCIAL("social", "社会领域团组织建设情况统计表",
			List.of(new FormColumn("agencies", "市直、县区直单位新建团组织名单"),
					new FormColumn("parksAndPrivateEnterprises", "产业集聚区、非公企业新建团组织名单"),
					new FormColumn("youngEntrepreneurMembers", "青企协会员企业新建团组织名单"),
					new FormColumn("youthFederationMembers", "青联委员企业新建团组织名单"),
					new FormColumn("socialOrganizations", "社会组织新建团组织名单")));

	private final String key;

	private final String title;

	private final List<FormColumn> columns;

	FormKind(String key, String title, List<FormColumn> columns) {
		this.key = key;
		this.title = title;
		this.columns = columns;
	}

	/** The form's name in paths and JSON: {@code school} or {@code social}. */
	public String key() {
		return this.key;
	}

	/** The paper form's title. */
	public String title() {
		return this.title;
	}

	public List<FormColumn> columns() {
		return this.columns;
	}

	public Optional<FormColumn> column(String key) {
		return this.columns.stream().filter(c -> c.key().equals(key)).findFirst();
	}

	public static Optional<FormKind> ofKey(String key) {
		for (FormKind kind : values()) {
			if (kind.key.equals(key)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

	/** One column of a form: its key in JSON and its title on paper. */
	public record FormColumn(String key, String title) {
	}

}
