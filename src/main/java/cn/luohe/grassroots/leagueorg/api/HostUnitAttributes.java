package cn.luohe.grassroots.leagueorg.api;

import org.jspecify.annotations.Nullable;

/**
 * What the targets need to know of a host unit: meets the conditions to found a league
 * organisation (具备建团条件), has a Party organisation, above designated size (规上), member of
 * the youth federation (青联委员企业) or of the young entrepreneurs' association (青企协会员企业),
 * provincial top-100 / city top-20 private enterprise, a park's level and the park a unit
 * sits in.
 */
public record HostUnitAttributes(boolean eligible, boolean partyOrganized, boolean aboveDesignatedSize,
		boolean youthFederationMember, boolean youngEntrepreneurMember, boolean provincialTop100, boolean cityTop20,
		@Nullable ParkLevel parkLevel, @Nullable Long parkId) {

	public HostUnitProfile profile(HostUnitKind kind) {
		return new HostUnitProfile(kind, this.youthFederationMember, this.youngEntrepreneurMember,
				this.provincialTop100, this.cityTop20);
	}

}
