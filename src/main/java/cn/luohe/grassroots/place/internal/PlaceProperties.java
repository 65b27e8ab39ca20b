package cn.luohe.grassroots.place.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of finding places and the rule of a proposed point.
 *
 * @param searchLimit how many orgs a search answers at most
 * @param nearbyLimit how many orgs "nearby" answers by default
 * @param nearbyMaxDistance metres "nearby" looks by default and at most
 * @param proposalMinFixes check-ins a proposed point needs at least
 * @param proposalMaxAccuracy metres of reported accuracy a check-in may have at most
 */
@ConfigurationProperties("app.place")
public record PlaceProperties(int searchLimit, int nearbyLimit, int nearbyMaxDistance, int proposalMinFixes,
		double proposalMaxAccuracy) {

	public PlaceProperties {
		searchLimit = (searchLimit > 0) ? searchLimit : 20;
		nearbyLimit = (nearbyLimit > 0) ? nearbyLimit : 10;
		nearbyMaxDistance = (nearbyMaxDistance > 0) ? nearbyMaxDistance : 20_000;
		proposalMinFixes = (proposalMinFixes > 0) ? proposalMinFixes : 3;
		proposalMaxAccuracy = (proposalMaxAccuracy > 0) ? proposalMaxAccuracy : 100;
	}

}
