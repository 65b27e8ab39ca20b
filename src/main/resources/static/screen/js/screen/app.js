// The leaders' big screen at /screen: sign-in by scanning a mini-program code, then the
// month's totals and growth, the counties on the map coloured by their flags, the
// rankings, and the live feed. Everything reads the API through the typed client; the
// page refreshes itself, reconnects and resumes the feed, and says when it is offline.
import { ApiError, createClient, fetchTransport, localTokens } from "../client/api.js";
import { SPEC_SHA256 } from "../client/spec-hash.js";
const FLAG_COLOURS = { RED: "#e53935", YELLOW: "#fbc02d", BLACK: "#263238", NONE: "#78909c" };
const FLAG_NAMES = { RED: "红旗", YELLOW: "黄旗", BLACK: "黑旗", NONE: "无可评" };
const INDICATORS = [
    { key: "visitCompliance", label: "干部履职" },
    { key: "visitCoverage", label: "走访覆盖" },
    { key: "youthHomeActivities", label: "青年之家" },
    { key: "themedEvents", label: "主题团日" },
    { key: "coverage", label: "团建覆盖" },
];
const EVENT_TYPES = {
    "visit.checked_in": "走基层签到",
    "visit.completed": "走基层完成",
    "activity.logged": "青年之家活动",
    "themed_event.logged": "主题团日",
    "need.resolved": "需求解决",
};
const REFRESH_MS = 30000;
/** Units drawn as small marked blocks (no statistical outline): their labels sit beside them. */
const derived = new Set();
const DERIVED_LABEL_OFFSETS = { "4111F1": [92, -26], "4111F2": [-64, -24], "411171": [0, 30] };
const FEED_LIMIT = 30;
/** The coverage indicators' names (附件1, 附件2). */
const COVERAGE_NAMES = {
    schoolCoverage: "学校团组织覆盖率",
    partyOrganizedPrivateEnterprises: "已建党非公企业建团",
    industrialParks: "园区建团",
    aboveSizeEnterprises: "规上企业建团",
    stateEnterprises: "国有企业建团",
    leagueSocialOrganizations: "团属社会组织建团",
    leagueSocialOrganizationCount: "团属社会组织团组织数",
    topPrivateEnterprises: "民营强企建团",
    federationEnterprises: "青联青企协企业建团",
    rideHailing: "网约车企业建团",
    expressDelivery: "快递企业建团",
    townsWithVolunteerTeam: "乡镇青年志愿服务队",
    countyTwoTeams: "县级两支队伍",
    youthHomesOnboarded: "青年之家云平台入驻",
    organizationsPerHome: "每家青年之家青年组织",
    activityRooms: "标准化团员活动室",
    schoolActivityRooms: "学校团员活动室",
    leagueSchools: "中学团校",
    educationCommittee: "教育团工委",
    socialGrowth: "社会领域团组织增长",
};
const FLAG_ORDER = ["RED", "YELLOW", "BLACK", "NONE"];
const LAGGARDS_SHOWN = 4;
const tokens = localTokens("grassroots.screen.tokens");
const api = createClient({ baseUrl: "", transport: fetchTransport, tokens, onSignedOut: () => void signIn() });
const $ = (id) => document.getElementById(id);
const state = {
    scope: null,
    month: "",
    indicator: "visitCompliance",
    counties: [],
    /** The coverage flag of each county shown (the map's 团建覆盖). */
    coverage: new Map(),
    codes: new Map(),
    selectedCounty: null,
    lastEventId: null,
    stream: null,
    online: true,
    refreshTimer: 0,
    chart: null,
};
// ---------- connection state ----------
function setOnline(online) {
    state.online = online;
    const badge = $("state");
    badge.dataset.state = online ? "online" : "offline";
    badge.textContent = online ? "在线" : "离线";
    $("offline").hidden = online;
}
function isNetworkFailure(error) {
    return !(error instanceof ApiError) || error.status >= 502;
}
// ---------- sign-in by scan ----------
let signInRun = 0;
async function signIn() {
    const run = ++signInRun;
    closeStream();
    $("dashboard").hidden = true;
    $("signin").hidden = false;
    const message = $("signin-message");
    const qr = $("qr");
    for (;;) {
        if (run !== signInRun) {
            return;
        }
        let started;
        try {
            started = await api.post("/api/v1/auth/scan-sessions");
            setOnline(true);
        }
        catch (error) {
            if (error instanceof ApiError && error.code === "WECHAT_NOT_CONFIGURED") {
                qr.hidden = true;
                message.textContent = "本服务尚未配置微信小程序（WECHAT_APPID / WECHAT_SECRET），暂不能扫码登录。";
                message.dataset.code = "WECHAT_NOT_CONFIGURED";
                return;
            }
            if (error instanceof ApiError && error.status === 429) {
                message.textContent = "登录请求过于频繁，请稍候…";
            }
            else {
                setOnline(!isNetworkFailure(error));
                message.textContent = "暂时无法获取登录码，正在重试…";
            }
            await sleep(5000);
            continue;
        }
        qr.hidden = false;
        qr.src = started.qrImage;
        qr.dataset.scene = started.scene;
        message.textContent = "请用微信扫码";
        message.dataset.status = "WAITING";
        $("signin-expiry").textContent = `登录码有效期至 ${timeOf(started.expiresAt)}`;
        const outcome = await waitForDecision(started, run);
        if (outcome === "SIGNED_IN") {
            $("signin").hidden = true;
            await start();
            return;
        }
        if (outcome === "STOP") {
            return;
        }
        // expired or declined: a new code
    }
}
async function waitForDecision(started, run) {
    const message = $("signin-message");
    for (;;) {
        if (run !== signInRun) {
            return "STOP";
        }
        let answer;
        try {
            answer = await api.get("/api/v1/auth/scan-sessions/{id}", {
                path: { id: started.id },
                header: { "X-Scan-Secret": started.secret },
                query: { wait: 20 },
            });
            setOnline(true);
        }
        catch (error) {
            setOnline(!isNetworkFailure(error));
            await sleep(2000);
            if (error instanceof ApiError && error.status === 404) {
                return "RENEW";
            }
            continue;
        }
        message.dataset.status = answer.status;
        switch (answer.status) {
            case "SCANNED":
                message.textContent = "已扫码，请在手机上确认登录";
                break;
            case "CONFIRMED":
                if (answer.tokens) {
                    tokens.save(answer.tokens);
                    message.textContent = "登录成功";
                    return "SIGNED_IN";
                }
                message.textContent = "此登录码已使用，正在更换…";
                await sleep(1500);
                return "RENEW";
            case "DECLINED":
                message.textContent = "手机上已拒绝登录，正在更换登录码…";
                await sleep(3000);
                return "RENEW";
            case "EXPIRED":
                message.textContent = "登录码已过期，正在更换…";
                return "RENEW";
            default:
                break;
        }
    }
}
// ---------- the screen ----------
async function start() {
    $("dashboard").hidden = false;
    try {
        state.scope = await resolveScope();
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 401) {
            return signIn();
        }
        if (error instanceof ApiError && error.status === 403) {
            notice("您的账号没有市级或县级领导权限，无法查看大屏");
            return;
        }
        setOnline(false);
        await sleep(3000);
        return start();
    }
    $("scope").textContent = state.scope.kind === "CITY" ? "漯河市（全市）" : state.scope.name;
    document.body.dataset.scope = state.scope.kind;
    await setUpMap();
    await refresh();
    await loadFeedHistory();
    openStream();
    scheduleRefresh();
}
/**
 * The city for a city-level role, else the county of a county secretary (or a county
 * cadre). Reads only the caller's own orgs (a county secretary may not read the city's).
 */
async function resolveScope() {
    const me = await api.get("/api/v1/me");
    const leading = me.roles.filter((r) => ["CITY_ADMIN", "CITY_LEADER", "COUNTY_SECRETARY", "CADRE"].includes(r.role));
    const orgs = await Promise.all(leading.map((r) => api.get("/api/v1/orgs/{id}", { path: { id: r.orgId } })));
    const city = orgs.find((o) => o.level === "CITY");
    if (city) {
        const children = await api.get("/api/v1/orgs/{id}/children", { path: { id: city.id }, query: { limit: 200 } });
        for (const child of children.items) {
            state.codes.set(child.id, child.code);
        }
        return { kind: "CITY", orgId: city.id, name: city.name };
    }
    const county = orgs.find((o) => o.level === "COUNTY");
    if (county) {
        state.codes.set(county.id, county.code);
        return { kind: "COUNTY", orgId: county.id, name: county.name };
    }
    throw new ApiError(403, null);
}
async function setUpMap() {
    if (state.chart) {
        return;
    }
    const geo = (await (await fetch("/screen/geo/luohe.geo.json")).json());
    for (const feature of geo.features) {
        if (feature.properties.derived) {
            derived.add(feature.properties.code);
        }
    }
    echarts.registerMap("luohe", geo);
    state.chart = echarts.init($("map"), null, { renderer: "canvas" });
    state.chart.on("click", (params) => {
        const orgId = params.data?.orgId;
        if (orgId && state.scope?.kind === "CITY") {
            state.selectedCounty = orgId;
            void loadTowns();
        }
    });
    const tabs = $("map-indicators");
    for (const indicator of INDICATORS) {
        const button = document.createElement("button");
        button.textContent = indicator.label;
        button.dataset.indicator = indicator.key;
        button.onclick = () => {
            state.indicator = indicator.key;
            renderMap();
        };
        tabs.appendChild(button);
    }
}
async function refresh() {
    try {
        // the service's business month (its clock), not the browser's
        const counties = await api.get("/api/v1/dashboards/counties");
        state.month = counties.month;
        $("month").textContent = `${counties.month.replace("-", "年")}月`;
        state.counties = counties.items;
        $("final-mark").textContent = counties.final ? "（已结算）" : "（进行中）";
        if (state.scope?.kind === "CITY") {
            const city = await api.get("/api/v1/dashboards/city", { query: { month: state.month } });
            showTotals(city);
            showGrowth("activities", city.activitiesGrowth, city.activitiesGrowthTargetMet);
            showGrowth("participants", city.participantsGrowth, city.participantsGrowthTargetMet);
        }
        else {
            const mine = counties.items.find((c) => c.orgId === state.scope?.orgId);
            const previous = await api.get("/api/v1/dashboards/counties", { query: { month: previousMonth(state.month) } });
            const before = previous.items.find((c) => c.orgId === state.scope?.orgId);
            if (mine) {
                showTotals(mine);
                showGrowth("activities", growth(mine.activities, before?.activities), null);
                showGrowth("participants", growth(mine.activityParticipants, before?.activityParticipants), null);
            }
        }
        await Promise.all([loadCoverage(), loadLedger()]);
        renderMap();
        renderCountyRanking();
        if (state.selectedCounty === null || !state.counties.some((c) => c.orgId === state.selectedCounty)) {
            state.selectedCounty = state.scope?.kind === "COUNTY" ? state.scope.orgId : (state.counties.find((c) => c.rank === 1) ?? state.counties[0])?.orgId ?? null;
        }
        await loadTowns();
        setOnline(true);
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 401) {
            void signIn();
            return;
        }
        setOnline(!isNetworkFailure(error));
    }
}
function scheduleRefresh(delay = REFRESH_MS) {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(async () => {
        await refresh();
        scheduleRefresh();
    }, delay);
}
function showTotals(totals) {
    for (const key of ["visits", "visitsCompleted", "cadres", "cadresCompleted", "activities", "activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved"]) {
        const element = $(`kpi-${key}`);
        element.dataset.value = String(totals[key]);
        element.textContent = totals[key].toLocaleString("zh-CN");
    }
}
function showGrowth(key, value, met) {
    const element = $(`growth-${key}`);
    element.dataset.value = value === null ? "" : String(value);
    element.textContent = value === null ? "—" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
    const target = $(`growth-${key}-target`);
    target.className = met === null ? "" : met ? "met" : "missed";
    target.textContent = met === null ? "" : met ? "达到目标" : "未达目标";
}
function renderMap() {
    if (!state.chart) {
        return;
    }
    for (const button of Array.from($("map-indicators").querySelectorAll("button"))) {
        button.classList.toggle("active", button.dataset.indicator === state.indicator);
    }
    const data = state.counties.map((county) => {
        const flag = flagOf(county, state.indicator);
        const code = state.codes.get(county.orgId) ?? county.name;
        return {
            name: code,
            orgId: county.orgId,
            countyName: county.name,
            flag,
            itemStyle: { areaColor: FLAG_COLOURS[flag], borderColor: derived.has(code) ? "#ffffff" : "#9ecbff", borderWidth: derived.has(code) ? 2 : 1.5 },
            label: derived.has(code) ? { offset: DERIVED_LABEL_OFFSETS[code] ?? [0, 28], fontSize: 19, color: "#ffe082" } : undefined,
        };
    });
    const label = INDICATORS.find((i) => i.key === state.indicator).label;
    state.chart.setOption({
        tooltip: {
            trigger: "item",
            textStyle: { fontSize: 22 },
            formatter: (p) => (p.data ? `${p.data.countyName}<br>${label}：${FLAG_NAMES[p.data.flag]}` : ""),
        },
        series: [
            {
                type: "map",
                map: "luohe",
                nameProperty: "code",
                roam: false,
                layoutCenter: ["50%", "50%"],
                layoutSize: "98%",
                selectedMode: false,
                label: {
                    show: true,
                    fontSize: 22,
                    color: "#fff",
                    textBorderColor: "#07142b",
                    textBorderWidth: 3,
                    formatter: (p) => p.data?.countyName ?? "",
                },
                itemStyle: { areaColor: "#1c3a66", borderColor: "#9ecbff", borderWidth: 1.5 },
                emphasis: { label: { color: "#ffd54f" }, itemStyle: { areaColor: undefined, borderColor: "#ffd54f", borderWidth: 3 } },
                data,
            },
        ],
    }, true);
    $("map").dataset.indicator = state.indicator;
}
function flagOf(county, indicator) {
    return indicator === "coverage" ? (state.coverage.get(county.orgId) ?? "NONE") : county.flags[indicator];
}
// ---------- league-organisation coverage and the work ledger ----------
/**
 * The year's coverage of the counties in scope (a county secretary: their county, with
 * its indicators behind target), each with its own flag and its indicators' flags.
 */
async function loadCoverage() {
    const year = Number(state.month.slice(0, 4));
    const panel = $("coverage");
    let coverage;
    try {
        coverage = await api.get("/api/v1/org-building/coverage", {
            query: state.scope?.kind === "COUNTY" ? { year, countyId: state.scope.orgId } : { year },
        });
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 403) {
            panel.dataset.state = "forbidden";
            $("coverage-rows").replaceChildren(note("无权查看团组织覆盖"));
            return;
        }
        throw error;
    }
    panel.dataset.state = "shown";
    $("coverage-month").textContent = `${coverage.month.replace("-", "年")}月`;
    state.coverage = new Map(coverage.counties.map((county) => [county.orgId, county.flag]));
    const rows = coverage.counties.map((county) => coverageRow(county.orgId, county.name, county));
    if (coverage.city) {
        rows.push(coverageRow(null, "全市", coverage.city));
    }
    if (state.scope?.kind === "COUNTY" && coverage.counties[0]) {
        rows.push(...behindTarget(coverage.counties[0].indicators));
    }
    $("coverage-rows").replaceChildren(...rows);
}
function coverageRow(orgId, name, line) {
    const item = document.createElement("li");
    item.className = "coverage-row";
    item.dataset.orgId = orgId === null ? "city" : String(orgId);
    item.dataset.flag = line.flag;
    item.dataset.newSocialOrgs = String(line.newSocialOrgs);
    item.dataset.newSocialOrgsTarget = String(line.newSocialOrgsTarget);
    const counts = countFlags(line.indicators.map((i) => i.flag));
    for (const flag of FLAG_ORDER) {
        item.dataset[flag.toLowerCase()] = String(counts[flag]);
    }
    item.innerHTML = `<span class="name"></span><span class="new"><i class="flag ${line.flag}" title="${FLAG_NAMES[line.flag]}"></i></span><span class="counts"></span>`;
    item.querySelector(".name").textContent = name;
    item.querySelector(".name").title = name;
    item.querySelector(".new").append(`新建 ${line.newSocialOrgs}/${line.newSocialOrgsTarget}`);
    item.querySelector(".counts").replaceChildren(...flagCounts(counts, ["RED", "YELLOW", "BLACK"]));
    return item;
}
/** A county's indicators furthest from their targets: black, then yellow. */
function behindTarget(indicators) {
    return indicators
        .filter((i) => i.flag === "BLACK" || i.flag === "YELLOW")
        .sort((a, b) => FLAG_ORDER.indexOf(b.flag) - FLAG_ORDER.indexOf(a.flag))
        .slice(0, 6)
        .map((indicator) => {
        const item = document.createElement("li");
        item.className = "indicator";
        item.dataset.key = indicator.key;
        item.dataset.flag = indicator.flag;
        const figure = indicator.measure === "COUNT"
            ? `${indicator.numerator}/${indicator.target}`
            : indicator.rate === null
                ? "—"
                : `${(indicator.rate * 100).toFixed(0)}%/${(indicator.target * 100).toFixed(0)}%`;
        item.innerHTML = `<i class="flag ${indicator.flag}"></i><span class="name"></span><span class="figure"></span>`;
        item.querySelector(".name").textContent = COVERAGE_NAMES[indicator.key] ?? indicator.key;
        item.querySelector(".figure").textContent = figure;
        return item;
    });
}
/**
 * The current ledger (the year's, else the latest): its tasks' flags over the assignments
 * the caller sees (a county: its own), and the assignments furthest behind.
 */
async function loadLedger() {
    const panel = $("ledger");
    let tasks;
    let laggards;
    let year;
    try {
        const ledgers = await api.get("/api/v1/ledgers");
        const current = ledgers.items.find((l) => l.current);
        if (!current) {
            panel.dataset.state = "none";
            $("ledger-year").textContent = "";
            $("ledger-flags").replaceChildren();
            $("ledger-laggards").replaceChildren(note("暂无工作台账"));
            return;
        }
        year = current.year;
        [tasks, laggards] = await Promise.all([
            allTasks(year),
            api.get("/api/v1/ledgers/{year}/laggards", { path: { year } }).then((page) => page.items),
        ]);
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 403) {
            panel.dataset.state = "forbidden";
            $("ledger-flags").replaceChildren();
            $("ledger-laggards").replaceChildren(note("无权查看工作台账"));
            return;
        }
        throw error;
    }
    panel.dataset.state = "shown";
    panel.dataset.year = String(year);
    $("ledger-year").textContent = `${year}年 · ${tasks.length}项任务`;
    const counts = countFlags(tasks.filter((t) => t.assignments > 0).map((t) => t.flag));
    $("ledger-flags").replaceChildren(...FLAG_ORDER.map((flag) => {
        const chip = document.createElement("span");
        chip.dataset.flag = flag;
        chip.dataset.count = String(counts[flag]);
        chip.innerHTML = `<i class="flag ${flag}"></i>`;
        chip.append(`${FLAG_NAMES[flag]} ${counts[flag]}`);
        return chip;
    }));
    $("ledger-laggards").replaceChildren(...(laggards.length === 0
        ? [note("暂无落后任务")]
        : laggards.slice(0, LAGGARDS_SHOWN).map((assignment) => {
            const item = document.createElement("li");
            item.dataset.assignmentId = String(assignment.id);
            item.dataset.flag = assignment.flag;
            item.innerHTML = `<i class="flag ${assignment.flag}"></i><span class="unit"></span><span class="content"></span><span class="behind"></span>`;
            item.querySelector(".unit").textContent = assignment.unitName;
            item.querySelector(".content").textContent = assignment.content;
            item.querySelector(".behind").textContent =
                assignment.daysOverdue > 0 ? `逾期${assignment.daysOverdue}天` : `落后${assignment.behind}%`;
            return item;
        })));
}
async function allTasks(year) {
    const tasks = [];
    let cursor;
    do {
        const page = await api.get("/api/v1/ledgers/{year}/tasks", { path: { year }, query: { limit: 200, cursor } });
        tasks.push(...page.items);
        cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return tasks;
}
function countFlags(flags) {
    const counts = { RED: 0, YELLOW: 0, BLACK: 0, NONE: 0 };
    for (const flag of flags) {
        counts[flag]++;
    }
    return counts;
}
function flagCounts(counts, flags) {
    return flags.map((flag) => {
        const span = document.createElement("span");
        span.title = FLAG_NAMES[flag];
        span.innerHTML = `<i class="flag ${flag}"></i>`;
        span.append(String(counts[flag]));
        return span;
    });
}
function note(text) {
    const item = document.createElement("li");
    item.className = "note";
    item.textContent = text;
    return item;
}
function renderCountyRanking() {
    const list = $("county-ranking");
    list.replaceChildren(...[...state.counties]
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "zh-CN"))
        .map((county) => rankingItem(county.orgId, county.rank, county.name, county.score, Object.values(county.flags))));
}
async function loadTowns() {
    const countyId = state.selectedCounty;
    if (countyId === null) {
        return;
    }
    const towns = await api.get("/api/v1/dashboards/towns", { query: { countyId, month: state.month } });
    $("town-county").textContent = state.counties.find((c) => c.orgId === countyId)?.name ?? "";
    $("town-ranking").dataset.countyId = String(countyId);
    $("town-ranking").replaceChildren(...[...towns.items]
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "zh-CN"))
        .slice(0, 16)
        .map((town) => rankingItem(town.orgId, town.rank, town.name, town.score, Object.values(town.flags))));
}
function rankingItem(orgId, rank, name, score, flags) {
    const item = document.createElement("li");
    item.dataset.orgId = String(orgId);
    item.dataset.rank = String(rank);
    item.dataset.score = String(score);
    const flagSpans = flags.map((flag) => `<i class="flag ${flag}" title="${FLAG_NAMES[flag]}"></i>`).join("");
    item.innerHTML = `<span class="rank"></span><span class="name"></span><span class="score"></span><span class="flags">${flagSpans}</span>`;
    item.querySelector(".rank").textContent = String(rank);
    item.querySelector(".name").textContent = name;
    item.querySelector(".score").textContent = score.toFixed(1);
    return item;
}
// ---------- live feed ----------
async function loadFeedHistory() {
    try {
        const history = await api.get("/api/v1/feed", { query: { limit: FEED_LIMIT } });
        $("feed").replaceChildren();
        for (const item of [...history.items].reverse()) {
            addFeedItem(item.id, item, false);
        }
        // where the stream resumes: after the newest event shown, or after 0 when the scope
        // had none (every event since is new to this screen), never before a reset's id
        state.lastEventId = Math.max(history.items[0]?.id ?? 0, state.lastEventId ?? 0);
    }
    catch (error) {
        setOnline(!isNetworkFailure(error));
    }
}
function addFeedItem(id, data, fresh) {
    const list = $("feed");
    if (data.type === "record.voided") {
        // a voided record leaves the feed: drop the events it retracts
        for (const retracted of data.retracts) {
            list.querySelector(`li[data-event-id="${retracted}"]`)?.remove();
        }
        return;
    }
    if (list.querySelector(`li[data-event-id="${id}"]`)) {
        return;
    }
    const item = document.createElement("li");
    item.dataset.eventId = String(id);
    item.dataset.type = data.type;
    if (fresh) {
        item.className = "fresh";
    }
    const time = document.createElement("time");
    time.textContent = timeOf(data.occurredAt);
    const type = document.createElement("span");
    type.className = "type";
    type.textContent = EVENT_TYPES[data.type] ?? data.type;
    item.append(time, type, document.createTextNode(`${data.actorName} · ${data.orgName} · ${data.summary}`));
    if (data.thumbnails?.length) {
        const photos = document.createElement("span");
        photos.className = "thumbs";
        for (const url of data.thumbnails.slice(0, 3)) {
            photos.append(thumbnail(url));
        }
        item.append(photos);
    }
    list.prepend(item);
    while (list.children.length > FEED_LIMIT) {
        list.lastElementChild?.remove();
    }
}
/**
 * A cleared photo's thumbnail. An <img> cannot send the bearer token, so the bytes are
 * fetched with it and shown from a blob URL (released when the image goes).
 */
function thumbnail(url) {
    const image = document.createElement("img");
    image.alt = "照片";
    image.loading = "lazy";
    const access = tokens.accessToken();
    void fetch(url, { headers: access ? { Authorization: `Bearer ${access}` } : {} })
        .then((response) => (response.ok ? response.blob() : null))
        .then((blob) => {
        if (blob) {
            const objectUrl = URL.createObjectURL(blob);
            image.onload = () => URL.revokeObjectURL(objectUrl);
            image.src = objectUrl;
        }
        else {
            image.remove();
        }
    })
        .catch(() => image.remove());
    return image;
}
let streamRun = 0;
function closeStream() {
    streamRun++;
    state.stream?.close();
    state.stream = null;
}
async function openStream() {
    closeStream();
    const run = streamRun;
    let ticket;
    try {
        ticket = await api.post("/api/v1/feed/tickets");
    }
    catch (error) {
        if (run !== streamRun) {
            return;
        }
        if (error instanceof ApiError && error.status === 401) {
            void signIn();
            return;
        }
        setOnline(!isNetworkFailure(error));
        $("feed-state").textContent = "重新连接中…";
        setTimeout(() => run === streamRun && void openStream(), 3000);
        return;
    }
    if (run !== streamRun) {
        return;
    }
    const query = { ticket: ticket.ticket };
    if (state.lastEventId !== null) {
        query.lastEventId = state.lastEventId;
    }
    if (state.scope?.kind === "COUNTY") {
        query.orgId = state.scope.orgId;
    }
    const stream = new EventSource(api.url("/api/v1/feed/stream", query));
    state.stream = stream;
    stream.onopen = () => {
        $("feed-state").textContent = "实时";
        const wasOffline = !state.online;
        setOnline(true);
        if (wasOffline) {
            void refresh();
        }
    };
    for (const type of [...Object.keys(EVENT_TYPES), "record.voided"]) {
        stream.addEventListener(type, (event) => {
            const message = event;
            const id = Number(message.lastEventId);
            addFeedItem(id, JSON.parse(message.data), true);
            state.lastEventId = Math.max(state.lastEventId ?? 0, id);
            // the counts follow the records a moment later
            scheduleRefresh(3000);
        });
    }
    stream.addEventListener("reset", (event) => {
        // the stream goes on after the reset's id; what it skipped is read from the history
        state.lastEventId = Number(event.lastEventId);
        void loadFeedHistory();
    });
    stream.onerror = () => {
        // a ticket is single-use: the browser's own reconnection cannot succeed
        stream.close();
        if (run !== streamRun) {
            return;
        }
        $("feed-state").textContent = "重新连接中…";
        setOnline(false);
        setTimeout(() => run === streamRun && void openStream(), 2000);
    };
}
// ---------- helpers ----------
function notice(text) {
    const element = $("notice");
    element.textContent = text;
    element.hidden = false;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
function previousMonth(month) {
    const [year, m] = month.split("-").map(Number);
    return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}
function growth(now, before) {
    return before ? (now - before) / before : null;
}
function timeOf(instant) {
    return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(instant));
}
function tick() {
    $("clock").textContent = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(new Date());
}
document.documentElement.dataset.spec = SPEC_SHA256;
tick();
setInterval(tick, 1000);
if (tokens.accessToken()) {
    void start();
}
else {
    void signIn();
}
