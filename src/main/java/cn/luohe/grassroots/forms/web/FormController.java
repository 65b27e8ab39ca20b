package cn.luohe.grassroots.forms.web;

import java.time.YearMonth;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.forms.internal.FormExports;
import cn.luohe.grassroots.forms.internal.FormKind;
import cn.luohe.grassroots.forms.internal.FormService;
import cn.luohe.grassroots.forms.internal.FormSubmissions;
import cn.luohe.grassroots.forms.internal.NewLine;
import cn.luohe.grassroots.forms.web.FormViews.AddLineRequest;
import cn.luohe.grassroots.forms.web.FormViews.AddedLineView;
import cn.luohe.grassroots.forms.web.FormViews.AnnotateRequest;
import cn.luohe.grassroots.forms.web.FormViews.CityListView;
import cn.luohe.grassroots.forms.web.FormViews.FormView;
import cn.luohe.grassroots.forms.web.FormViews.LineView;
import cn.luohe.grassroots.forms.web.FormViews.ReopenRequest;
import cn.luohe.grassroots.forms.web.FormViews.SubmissionView;
import cn.luohe.grassroots.forms.web.FormViews.SubmitRequest;
import cn.luohe.grassroots.identity.api.Caller;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The monthly forms 附件4 ({@code school}) and 附件5 ({@code social}). */
@RestController
@RequestMapping("/api/v1/forms")
class FormController {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

	private final FormService forms;

	private final FormSubmissions submissions;

	private final FormExports exports;

	private final BusinessClock clock;

	private final FormViewMapper mapper;

	FormController(FormService forms, FormSubmissions submissions, FormExports exports, BusinessClock clock,
			FormViewMapper mapper) {
		this.forms = forms;
		this.submissions = submissions;
		this.exports = exports;
		this.clock = clock;
		this.mapper = mapper;
	}

	/**
	 * The unit's form of a month: as submitted once submitted, else (or with
	 * {@code live=true}) computed from the records now.
	 */
	@GetMapping("/{kind}")
	Mono<FormView> form(@PathVariable String kind, @RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Long unitId, @RequestParam(defaultValue = "false") boolean live,
			Caller caller) {
		FormKind formKind = kind(kind);
		YearMonth yearMonth = RequestValues.month(month, this.clock.currentMonth());
		long unit = required(unitId);
		return this.forms.read(caller, formKind, yearMonth, unit, live).map(this.mapper::toView);
	}

	/** Adds a line the records lack; it becomes a record. */
	@PostMapping("/{kind}/lines")
	Mono<ResponseEntity<AddedLineView>> addLine(@PathVariable String kind, @Valid @RequestBody AddLineRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		FormKind formKind = kind(kind);
		YearMonth month = RequestValues.month(request.month(), "month");
		NewLine line = new NewLine(request.column(), RequestValues.trimmed(request.name()), request.date(),
				request.hostUnitId(), request.leagueOrgId(), RequestValues.trimmed(request.type()));
		return this.forms.addLine(caller, formKind, month, request.unitId(), line, idempotencyKey)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/** Writes (or replaces) the filler's note on one line. */
	@PostMapping("/{kind}/annotations")
	Mono<LineView> annotate(@PathVariable String kind, @Valid @RequestBody AnnotateRequest request, Caller caller) {
		FormKind formKind = kind(kind);
		YearMonth month = RequestValues.month(request.month(), "month");
		return this.forms
			.annotate(caller, formKind, month, request.unitId(), request.column(), request.recordRef(),
					request.note().strip())
			.map(this.mapper::toView);
	}

	/** The form as a workbook in the paper form's layout, or as CSV. */
	@GetMapping("/{kind}/export")
	Mono<Void> export(@PathVariable String kind, @RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Long unitId, @RequestParam(defaultValue = "xlsx") String format,
			ServerHttpResponse response, Caller caller) {
		FormKind formKind = kind(kind);
		YearMonth yearMonth = RequestValues.month(month, this.clock.currentMonth());
		if (!format.equals("xlsx") && !format.equals("csv")) {
			throw ApiException.invalidField("format", "must be xlsx or csv");
		}
		boolean xlsx = format.equals("xlsx");
		return this.exports.export(caller, formKind, yearMonth, unitId, xlsx).flatMap(export -> {
			response.getHeaders().setContentType(xlsx ? XLSX : CSV);
			response.getHeaders()
				.set(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(export.fileName()).build().toString());
			return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(export.bytes())));
		});
	}

	@PostMapping("/submissions")
	Mono<ResponseEntity<SubmissionView>> submit(@Valid @RequestBody SubmitRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		YearMonth month = RequestValues.month(request.month(), "month");
		return this.submissions.submit(caller, request.unitId(), month, idempotencyKey)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@PostMapping("/submissions/{id}/reopen")
	Mono<SubmissionView> reopen(@PathVariable long id, @Valid @RequestBody ReopenRequest request, Caller caller) {
		return this.submissions.reopen(caller, id, request.reason().strip()).map(this.mapper::toView);
	}

	/** Every county-level unit and department the caller oversees, with its status. */
	@GetMapping("/submissions")
	Mono<CityListView> list(@RequestParam(required = false) @Nullable String month, Caller caller) {
		YearMonth yearMonth = RequestValues.month(month, this.clock.currentMonth());
		return this.submissions.list(caller, yearMonth).map(this.mapper::toView);
	}

	private static FormKind kind(String kind) {
		return FormKind.ofKey(kind).orElseThrow(() -> ApiException.notFound("Form"));
	}

	private static long required(@Nullable Long unitId) {
		if (unitId == null) {
			throw ApiException.invalidField("unitId", "is required");
		}
		return unitId;
	}

}
