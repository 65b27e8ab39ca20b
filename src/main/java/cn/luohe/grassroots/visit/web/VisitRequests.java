package cn.luohe.grassroots.visit.web;

import java.time.OffsetDateTime;
import java.util.List;

import cn.luohe.grassroots.common.time.BusinessDate;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.web.LocationRequest;
import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.visit.internal.AmendCommand;
import cn.luohe.grassroots.visit.internal.CheckInCommand;
import cn.luohe.grassroots.visit.internal.CheckOutCommand;
import org.hibernate.validator.constraints.UniqueElements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The bodies of the visit endpoints, validated before anything else happens. */
final class VisitRequests {

	private VisitRequests() {
	}

	record CheckInRequest(@NotNull Long visitedOrgId, @NotNull @Valid LocationRequest location,
			@Nullable @BusinessDate(ahead = false) OffsetDateTime occurredAt, @Nullable @Size(max = 500) String note,
			@Nullable @Size(max = 9) @UniqueElements List<@NotNull Long> photoIds) {

		CheckInCommand toCommand() {
			return new CheckInCommand(this.visitedOrgId, this.location.toPoint(),
					(this.occurredAt != null) ? this.occurredAt.toInstant() : null, blankToNull(this.note),
					RequestValues.photoIds(this.photoIds));
		}

	}

	record CheckOutRequest(@NotNull @Valid LocationRequest location,
			@Nullable @BusinessDate(ahead = false) OffsetDateTime occurredAt,
			@NotNull @Min(0) @Max(10000) Integer peopleMet,
			@Nullable @Size(max = CheckOutCommand.MAX_NEEDS) List<@NotBlank @Size(max = 500) String> needs,
			@Nullable @Size(max = 20) List<@NotBlank @Size(max = 500) String> resolved,
			@Nullable @Size(max = 2000) String summary) {

		CheckOutCommand toCommand() {
			return new CheckOutCommand(this.location.toPoint(),
					(this.occurredAt != null) ? this.occurredAt.toInstant() : null, this.peopleMet,
					stripped(this.needs), stripped(this.resolved), blankToNull(this.summary));
		}

	}

	record AmendRequest(@Nullable @Size(max = 500) String note, @Nullable Long visitedOrgId,
			@Nullable @Size(max = 9) @UniqueElements List<@NotNull Long> photoIds,
			@Nullable @Size(max = 500) String reason) {

		AmendCommand toCommand() {
			return new AmendCommand(this.note, this.visitedOrgId,
					(this.photoIds != null) ? RequestValues.photoIds(this.photoIds) : null, this.reason);
		}

	}

	record ResolveRequest(@NotBlank @Size(max = 1000) String response) {
	}

	private static List<String> stripped(@Nullable List<String> texts) {
		return (texts != null) ? texts.stream().map(String::strip).toList() : List.of();
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
