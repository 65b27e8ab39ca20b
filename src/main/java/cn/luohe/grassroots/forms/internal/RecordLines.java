package cn.luohe.grassroots.forms.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecord;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecording;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecording.Prepared;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecords;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.leagueorg.api.MilestoneRecord;
import cn.luohe.grassroots.leagueorg.api.MonthRecords;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The forms' lines from the league-organisation records, through the leagueorg api. A
 * county-level unit's forms list its own host units' records; a department's list the
 * records of the city's own (市直) host units it is responsible for, so that no line is
 * counted for both a county and a department on the city's list.
 *
 * <p>
 * 附件4: every new school-domain organisation (数量, 名称), the teachers' branches among them,
 * league schools founded, term elections completed at schools, education working
 * committees founded. 附件5, new social-domain organisations by their host unit: agencies
 * and state enterprises (市直、县区直单位), industrial parks, private enterprises, ride-hailing
 * and express companies and units in a park (产业集聚区、非公企业), members of the young
 * entrepreneurs' association (青企协), of the youth federation (青联), social organisations.
 * An organisation is listed in every column whose title it meets (a member enterprise is
 * also a 非公企业).
 */
@Component
class RecordLines implements FormRecords {

	private static final Set<HostUnitKind> AGENCIES = EnumSet.of(HostUnitKind.CITY_AGENCY, HostUnitKind.COUNTY_AGENCY,
			HostUnitKind.STATE_ENTERPRISE);

	private static final Set<HostUnitKind> PARKS_AND_PRIVATE = EnumSet.of(HostUnitKind.INDUSTRIAL_PARK,
			HostUnitKind.PRIVATE_ENTERPRISE, HostUnitKind.RIDE_HAILING, HostUnitKind.EXPRESS_DELIVERY);

	private static final Set<HostUnitKind> SOCIAL_ORGANIZATIONS = EnumSet.of(HostUnitKind.SOCIAL_ORGANIZATION,
			HostUnitKind.LEAGUE_SOCIAL_ORGANIZATION);

	private final DepartmentResponsibilities departments;

	private final LeagueOrgRecords records;

	private final LeagueOrgRecording recording;

	RecordLines(DepartmentResponsibilities departments, LeagueOrgRecords records, LeagueOrgRecording recording) {
		this.departments = departments;
		this.records = records;
		this.recording = recording;
	}

	@Override
	public Mono<Set<FormKind>> kindsFilledBy(Org unit) {
		return Mono.just(this.departments.departmentOf(unit)
			.map(RecordLines::kinds)
			.orElseGet(() -> EnumSet.allOf(FormKind.class)));
	}

	private static Set<FormKind> kinds(Department department) {
		Set<FormKind> kinds = EnumSet.noneOf(FormKind.class);
		if (department.domains().contains(LeagueDomain.SCHOOL)) {
			kinds.add(FormKind.SCHOOL);
		}
		if (department.domains().contains(LeagueDomain.SOCIAL)) {
			kinds.add(FormKind.SOCIAL);
		}
		return kinds;
	}

	@Override
	public Mono<Map<FormKind, List<Entry>>> entries(Org unit, YearMonth month) {
		java.util.Optional<Department> department = this.departments.departmentOf(unit);
		Long city = unit.parentId();
		return this.records.monthOf(unit, month).map(records -> {
			MonthRecords own = department.isPresent() ? cityOwn(records, (city != null) ? city : -1) : records;
			Map<FormKind, List<Entry>> entries = new EnumMap<>(FormKind.class);
			entries.put(FormKind.SCHOOL, school(own));
			List<Entry> social = social(own);
			entries.put(FormKind.SOCIAL, department.map(d -> ownColumns(d, social)).orElse(social));
			return entries;
		});
	}

	/**
	 * A department's 附件5 carries the columns it answers for: a 市直 private enterprise of
	 * the young entrepreneurs' association is 青发部's as a 非公企业 and 统战部's as a member, and
	 * listed in every column on both forms it was counted twice in the city's totals. 组织部
	 * the agencies, 青发部 the agencies among state enterprises and the parks and private
	 * enterprises, 统战部 the members, 社联部 the new sectors and the social organisations.
	 */
	static List<Entry> ownColumns(Department department, List<Entry> entries) {
		Set<String> columns = switch (department) {
			case ORGANIZATION -> Set.of("agencies");
			case YOUTH_DEVELOPMENT -> Set.of("agencies", "parksAndPrivateEnterprises");
			case UNITED_FRONT -> Set.of("youngEntrepreneurMembers", "youthFederationMembers");
			case SOCIAL_LIAISON -> Set.of("parksAndPrivateEnterprises", "socialOrganizations");
			case SCHOOL_AND_YOUNG_PIONEERS -> Set.of();
		};
		return entries.stream().filter(entry -> columns.contains(entry.column())).toList();
	}

	/**
	 * The records of host units (and milestones) of the county-level unit {@code county}
	 * only.
	 */
	private static MonthRecords cityOwn(MonthRecords records, long county) {
		return new MonthRecords(records.month(), records.unitId(),
				records.founded().stream().filter(org -> org.countyId() == county).toList(),
				records.milestones().stream().filter(m -> m.countyId() == county).toList());
	}

	static List<Entry> school(MonthRecords records) {
		List<Entry> entries = new ArrayList<>();
		for (LeagueOrgRecord org : records.founded()) {
			if (org.domain() == LeagueDomain.SCHOOL) {
				entries.add(org("newSchoolOrgs", org));
				if (org.teacherBranch()) {
					entries.add(org("teacherBranches", org));
				}
			}
		}
		for (MilestoneRecord milestone : records.milestones()) {
			switch (milestone.kind()) {
				case LEAGUE_SCHOOL_FOUNDED -> entries.add(milestone("leagueSchools", milestone));
				case TERM_ELECTION_COMPLETED -> {
					HostUnitKind at = milestone.hostUnitKind();
					if (at != null && at.isSchool()) {
						entries.add(milestone("termElections", milestone));
					}
				}
				case EDUCATION_COMMITTEE_FOUNDED -> entries.add(new Entry("educationCommittees",
						(milestone.leagueOrgId() != null) ? milestone.subjectName() : milestone.subjectName() + "教育团工委",
						milestone.occurredOn(), "milestone:" + milestone.id()));
				default -> {
					// not on the school form
				}
			}
		}
		return entries;
	}

	static List<Entry> social(MonthRecords records) {
		List<Entry> entries = new ArrayList<>();
		for (LeagueOrgRecord org : records.founded()) {
			if (org.domain() != LeagueDomain.SOCIAL) {
				continue;
			}
			HostUnitKind kind = org.hostUnitKind();
			if (AGENCIES.contains(kind)) {
				entries.add(org("agencies", org));
			}
			if (PARKS_AND_PRIVATE.contains(kind) || org.hostUnitAttributes().parkId() != null) {
				entries.add(org("parksAndPrivateEnterprises", org));
			}
			if (org.hostUnitAttributes().youngEntrepreneurMember()) {
				entries.add(org("youngEntrepreneurMembers", org));
			}
			if (org.hostUnitAttributes().youthFederationMember()) {
				entries.add(org("youthFederationMembers", org));
			}
			if (SOCIAL_ORGANIZATIONS.contains(kind)) {
				entries.add(org("socialOrganizations", org));
			}
		}
		return entries;
	}

	private static Entry org(String column, LeagueOrgRecord org) {
		return new Entry(column, org.name(), org.foundedOn(), "league-org:" + org.id());
	}

	private static Entry milestone(String column, MilestoneRecord milestone) {
		return new Entry(column, milestone.subjectName(), milestone.occurredOn(), "milestone:" + milestone.id());
	}

	@Override
	public Mono<Prepared<Entry>> prepare(Caller caller, Org unit, FormKind kind, NewLine line) {
		return Mono.defer(() -> {
			YearMonth month = YearMonth.from(line.date());
			Mono<Prepared<MonthRecords>> prepared = switch (line.column()) {
				case "leagueSchools" -> this.recording
					.prepareMilestone(caller, MilestoneKind.LEAGUE_SCHOOL_FOUNDED, null,
							required(line.hostUnitId(), "hostUnitId"), null, line.date())
					.map(milestone -> milestone.then(m -> Mono.just(milestones(month, unit, m))));
				case "termElections" -> this.recording
					.prepareMilestone(caller, MilestoneKind.TERM_ELECTION_COMPLETED, null, null,
							required(line.leagueOrgId(), "leagueOrgId"), line.date())
					.map(milestone -> milestone.then(m -> Mono.just(milestones(month, unit, m))));
				case "educationCommittees" ->
					this.recording
						.prepareMilestone(caller, MilestoneKind.EDUCATION_COMMITTEE_FOUNDED, unit.id(), null, null,
								line.date())
						.map(milestone -> milestone.then(m -> Mono.just(milestones(month, unit, m))));
				default -> this.recording.prepareFounding(caller, required(line.name(), "name"), type(line.type()),
						required(line.hostUnitId(), "hostUnitId"), line.date(), line.column().equals("teacherBranches"))
					.map(founding -> founding
						.then(org -> Mono.just(new MonthRecords(month, unit.id(), List.of(org), List.of()))));
			};
			boolean department = this.departments.departmentOf(unit).isPresent();
			long own = department ? ((unit.parentId() != null) ? unit.parentId() : -1) : unit.id();
			// judged on the record as written: a line that would not show in its column
			// fails the write, and its transaction takes the record back
			return prepared.map(records -> records.then(written -> {
				MonthRecords mine = cityOwn(written, own);
				List<Entry> entries = (kind == FormKind.SCHOOL) ? school(mine) : social(mine);
				return Mono
					.justOrEmpty(entries.stream().filter(entry -> entry.column().equals(line.column())).findFirst())
					.switchIfEmpty(Mono.error(() -> ApiException.unprocessable("LINE_NOT_IN_COLUMN",
							"The record would not be listed in this column of this unit's form (its host unit's"
									+ " county, kind or memberships do not match)")));
			}));
		});
	}

	private static MonthRecords milestones(YearMonth month, Org unit, MilestoneRecord milestone) {
		return new MonthRecords(month, unit.id(), List.of(), List.of(milestone));
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw ApiException.invalidField(field, "is required for this column");
		}
		return value;
	}

	private static LeagueOrgType type(@Nullable String type) {
		if (type == null) {
			throw ApiException.invalidField("type", "is required for this column");
		}
		try {
			return LeagueOrgType.valueOf(type);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidField("type",
					"must be one of " + java.util.Arrays.toString(LeagueOrgType.values()));
		}
	}

}
