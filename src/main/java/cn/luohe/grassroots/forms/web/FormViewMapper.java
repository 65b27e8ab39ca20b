package cn.luohe.grassroots.forms.web;

import cn.luohe.grassroots.forms.internal.FilledForm;
import cn.luohe.grassroots.forms.internal.Form;
import cn.luohe.grassroots.forms.internal.FormService.AddedLine;
import cn.luohe.grassroots.forms.internal.FormSubmissions.CityList;
import cn.luohe.grassroots.forms.internal.FormSubmissions.SubmissionView;
import cn.luohe.grassroots.forms.internal.FormSubmissions.UnitRow;
import cn.luohe.grassroots.forms.web.FormViews.AddedLineView;
import cn.luohe.grassroots.forms.web.FormViews.CityListView;
import cn.luohe.grassroots.forms.web.FormViews.ColumnView;
import cn.luohe.grassroots.forms.web.FormViews.FormView;
import cn.luohe.grassroots.forms.web.FormViews.LineView;
import cn.luohe.grassroots.forms.web.FormViews.UnitStatusView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface FormViewMapper {

	@Mapping(target = "kind", source = "form.kind")
	@Mapping(target = "title", expression = "java(filled.form().formKind().title())")
	@Mapping(target = "month", source = "form.month")
	@Mapping(target = "unitId", source = "form.unitId")
	@Mapping(target = "unitName", source = "form.unitName")
	@Mapping(target = "columns", source = "form.columns")
	FormView toView(FilledForm filled);

	@Mapping(target = "count", expression = "java(column.rows().size())")
	ColumnView toView(Form.Column column);

	LineView toView(Form.Line line);

	AddedLineView toView(AddedLine line);

	FormViews.SubmissionView toView(SubmissionView submission);

	UnitStatusView toView(UnitRow row);

	@Mapping(target = "nextCursor", ignore = true)
	CityListView toView(CityList list);

}
