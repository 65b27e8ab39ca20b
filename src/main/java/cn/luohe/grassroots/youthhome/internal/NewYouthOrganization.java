package cn.luohe.grassroots.youthhome.internal;

import java.time.LocalDate;

/** A youth organization as its home registers it. */
public record NewYouthOrganization(String name, OrganizationType type, LocalDate foundedOn) {
}
