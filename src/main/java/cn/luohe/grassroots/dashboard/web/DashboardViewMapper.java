package cn.luohe.grassroots.dashboard.web;

import cn.luohe.grassroots.dashboard.internal.Dashboards.CityDashboard;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyDashboard;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyFlags;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyRow;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountySubmissionStatus;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Difference;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Reconciliation;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Submission;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownDashboard;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownFlags;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownRow;
import cn.luohe.grassroots.dashboard.web.DashboardViews.CityDashboardView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.CountyDashboardView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.CountyFlagsView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.CountyRowView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.CountySubmissionStatusView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.DifferenceView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.ReconciliationView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.SubmissionView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.TownDashboardView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.TownFlagsView;
import cn.luohe.grassroots.dashboard.web.DashboardViews.TownRowView;
import org.mapstruct.Mapper;

/** The dashboard's results as its endpoints answer them (no I/O). */
@Mapper(componentModel = "spring")
interface DashboardViewMapper {

	TownFlagsView toView(TownFlags townFlags);

	TownRowView toView(TownRow townRow);

	TownDashboardView toView(TownDashboard townDashboard);

	CountyFlagsView toView(CountyFlags countyFlags);

	CountyRowView toView(CountyRow countyRow);

	CountyDashboardView toView(CountyDashboard countyDashboard);

	CityDashboardView toView(CityDashboard cityDashboard);

	DifferenceView toView(Difference difference);

	ReconciliationView toView(Reconciliation reconciliation);

	SubmissionView toView(Submission submission);

	CountySubmissionStatusView toView(CountySubmissionStatus countySubmissionStatus);

}
