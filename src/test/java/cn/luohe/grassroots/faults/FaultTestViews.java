package cn.luohe.grassroots.faults;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Typed answers the fault suite reads, as far as it reads them. */
final class FaultTestViews {

	private FaultTestViews() {
	}

	/**
	 * The actuator's health, with its components by name ({@code redis}, {@code r2dbc}).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Health(String status, Map<String, HealthComponent> components) {
	}

	/** One component of the health. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record HealthComponent(String status) {
	}

	/** A page of host units, read for their names. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record HostUnits(List<HostUnit> items) {
	}

	/** A host unit. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record HostUnit(long id, String name) {
	}

}
