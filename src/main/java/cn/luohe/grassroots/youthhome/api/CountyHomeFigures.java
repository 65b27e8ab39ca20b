package cn.luohe.grassroots.youthhome.api;

/**
 * A county-level unit's Youth Homes as the coverage targets count them: homes active now,
 * youth organisations of those homes founded by the day asked, and homes that joined the
 * cloud platform (云平台入驻) in the period asked.
 */
public record CountyHomeFigures(long countyId, long activeHomes, long youthOrganizations, long onboarded) {
}
