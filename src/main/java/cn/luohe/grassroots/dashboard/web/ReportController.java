package cn.luohe.grassroots.dashboard.web;

import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.dashboard.internal.ReportService;
import cn.luohe.grassroots.dashboard.internal.SubmissionService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

	private final ReportService reports;

	private final SubmissionService submissions;

	private final BusinessClock clock;

	private final DashboardViewMapper mapper;

	ReportController(ReportService reports, SubmissionService submissions, BusinessClock clock,
			DashboardViewMapper mapper) {
		this.reports = reports;
		this.submissions = submissions;
		this.clock = clock;
		this.mapper = mapper;
	}

	@GetMapping("/monthly")
	Mono<Void> monthly(@RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Long countyId, @RequestParam(defaultValue = "xlsx") String format,
			@RequestParam(defaultValue = "towns") String sheet, ServerHttpResponse response, Caller caller) {
		YearMonth yearMonth = RequestValues.month(month, this.clock.currentMonth());
		if (!format.equals("xlsx") && !format.equals("csv")) {
			return Mono.error(ApiException.invalidField("format", "must be xlsx or csv"));
		}
		return this.reports.scope(caller, countyId).flatMap(scope -> {
			boolean xlsx = format.equals("xlsx");
			String name = "report-" + scope.code() + "-" + yearMonth + (xlsx ? ".xlsx" : "-" + sheet + ".csv");
			response.getHeaders().setContentType(xlsx ? XLSX : CSV);
			response.getHeaders()
				.set(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(name).build().toString());
			return response.writeWith(xlsx ? this.reports.xlsx(scope, yearMonth, response.bufferFactory())
					: this.reports.csv(scope, yearMonth, sheet, response.bufferFactory()));
		});
	}

	@PostMapping("/submissions")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<DashboardViews.SubmissionView> submit(@Valid @RequestBody SubmitRequest request, Caller caller) {
		YearMonth month = RequestValues.month(request.month(), this.clock.currentMonth());
		return this.submissions.submit(caller, request.countyId(), month).map(this.mapper::toView);
	}

	@PostMapping("/submissions/{id}/reopen")
	Mono<DashboardViews.SubmissionView> reopen(@PathVariable long id, @Valid @RequestBody ReopenRequest request,
			Caller caller) {
		return this.submissions.reopen(caller, id, request.reason().strip()).map(this.mapper::toView);
	}

	@GetMapping("/submissions")
	Mono<Page<DashboardViews.CountySubmissionStatusView>> statuses(
			@RequestParam(required = false) @Nullable String month, Caller caller) {
		YearMonth yearMonth = RequestValues.month(month, this.clock.currentMonth());
		return this.submissions.statuses(caller, yearMonth)
			.map(items -> new Page<>(items.stream().map(this.mapper::toView).toList(), null));
	}

	record SubmitRequest(@NotNull Long countyId, @NotBlank @Pattern(regexp = "\\d{4}-\\d{2}") String month) {
	}

	record ReopenRequest(@NotBlank @Size(max = 500) String reason) {
	}

}
