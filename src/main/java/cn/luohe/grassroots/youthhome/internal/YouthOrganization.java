package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** A youth organization a home incubates. */
public record YouthOrganization(long id, long youthHomeId, String name, OrganizationType type, LocalDate foundedOn,
		long createdBy, Instant createdAt, @Nullable Instant voidedAt, @Nullable String voidReason) {
}
