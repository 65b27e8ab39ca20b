package cn.luohe.grassroots.leagueorg.api;

/**
 * What a department's responsibility is judged on: a host unit's kind and the memberships
 * that route a private enterprise to 统战部 (青联委员企业, 青企协会员企业, 省民营100强, 市民营20强).
 */
public record HostUnitProfile(HostUnitKind kind, boolean youthFederationMember, boolean youngEntrepreneurMember,
		boolean provincialTop100, boolean cityTop20) {

	/** A unit of {@code kind} with none of the memberships. */
	public static HostUnitProfile of(HostUnitKind kind) {
		return new HostUnitProfile(kind, false, false, false, false);
	}

	/** Whether the unit is an enterprise 统战部 follows (member or ranked). */
	public boolean unitedFrontEnterprise() {
		return this.kind == HostUnitKind.PRIVATE_ENTERPRISE && (this.youthFederationMember
				|| this.youngEntrepreneurMember || this.provincialTop100 || this.cityTop20);
	}

}
