package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;

/** A youth organization a home incubates. */
public record YouthOrganization(long id, long youthHomeId, String name, OrganizationType type, LocalDate foundedOn,
		Instant createdAt) {
}
