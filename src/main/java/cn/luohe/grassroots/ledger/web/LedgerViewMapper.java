package cn.luohe.grassroots.ledger.web;

import cn.luohe.grassroots.ledger.internal.Assignment;
import cn.luohe.grassroots.ledger.internal.FollowUp;
import cn.luohe.grassroots.ledger.internal.Measure;
import cn.luohe.grassroots.ledger.internal.Report;
import cn.luohe.grassroots.ledger.internal.ReportResult;
import cn.luohe.grassroots.ledger.internal.Supervision;
import cn.luohe.grassroots.ledger.web.LedgerViews.AssignmentView;
import cn.luohe.grassroots.ledger.web.LedgerViews.CellView;
import cn.luohe.grassroots.ledger.web.LedgerViews.FigureView;
import cn.luohe.grassroots.ledger.web.LedgerViews.FollowUpView;
import cn.luohe.grassroots.ledger.web.LedgerViews.MeasureView;
import cn.luohe.grassroots.ledger.web.LedgerViews.ReportResultView;
import cn.luohe.grassroots.ledger.web.LedgerViews.ReportView;
import cn.luohe.grassroots.ledger.web.LedgerViews.SupervisionView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface LedgerViewMapper {

	@Mapping(target = "taskId", source = "task.id")
	@Mapping(target = "year", source = "task.year")
	@Mapping(target = "position", source = "task.position")
	@Mapping(target = "domain", source = "task.domain")
	@Mapping(target = "content", source = "task.content")
	@Mapping(target = "deadline", expression = "java(assignment.task().deadline())")
	@Mapping(target = "department", source = "task.department")
	@Mapping(target = "departmentCode", source = "task.departmentCode")
	@Mapping(target = "person", source = "task.person")
	AssignmentView toView(Assignment assignment);

	@Mapping(target = "assignmentId", source = "id")
	CellView toCell(Assignment assignment);

	MeasureView toView(Measure measure);

	FigureView toView(Report.Figure figure);

	ReportView toView(Report report);

	@Mapping(target = "id", source = "report.id")
	@Mapping(target = "assignmentId", source = "report.assignmentId")
	@Mapping(target = "status", source = "report.status")
	@Mapping(target = "progress", source = "report.progress")
	@Mapping(target = "text", source = "report.text")
	@Mapping(target = "reason", source = "report.reason")
	@Mapping(target = "numbers", source = "report.numbers")
	@Mapping(target = "photoIds", source = "report.photoIds")
	@Mapping(target = "reportedBy", source = "report.reportedBy")
	@Mapping(target = "reporterName", source = "report.reporterName")
	@Mapping(target = "reportedAt", source = "report.reportedAt")
	ReportResultView toView(ReportResult result);

	SupervisionView toView(Supervision supervision);

	FollowUpView toView(FollowUp followUp);

}
